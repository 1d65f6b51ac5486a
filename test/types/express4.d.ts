// express@4 is installed under the alias "express4" beside express@5; it has the same typings.
declare module 'express4' {
  import express from 'express'
  export default express
}
