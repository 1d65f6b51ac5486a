// The README's React and Vue snippets, written out by the browser tests' app builder.
declare module 'readme:react-cancel-button' {
  export function CancelButton(props: { customer: { email: string; name?: string } }): import('react').ReactElement
}
declare module 'readme:vue-cancel-button' {
  const CancelButton: import('vue').Component<{ email: string }>
  export default CancelButton
}
