// elkjs's worker script, imported as text (`with { type: 'text' }`, esbuild) to start the layout worker from a blob:.
declare module 'elkjs/lib/elk-worker.min.js' {
  const source: string;
  export default source;
}
