// dist/script-tag/locales/<code>.js: one language for the script tag's modal. The build points
// `windback:language` at src/ui/locales/<code>.ts, once per language.
import strings from 'windback:language'
import { shareOwnExports } from '../page-hub.js'

shareOwnExports({ default: strings })
