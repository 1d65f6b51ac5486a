declare module 'windback:language' {
  const strings: import('../../ui/locale.js').LocaleStrings
  export default strings
}
