// The README's CancelButton in a Vue app, beside a probe that records outcomes.
import { useCancelFlow } from '@windback/browser/vue'
import { createApp, defineComponent, h, onMounted, ref, version } from 'vue'
import CancelButton from 'readme:vue-cancel-button'
import type { AppHarness } from '../harness.js'

const harness: AppHarness = { version, mountEffects: 0, setEmail() {}, setMounted() {}, openProbe() {}, outcomes: [] }
window.app = harness

const Probe = defineComponent({
  props: { email: { type: String, required: true } },
  setup(props) {
    const { open } = useCancelFlow(() => ({ publicKey: 'pub_123', customer: { email: props.email } }))
    harness.openProbe = () => void open().then((result) => harness.outcomes.push(result.outcome))
    return () => null
  },
})

const App = defineComponent({
  setup() {
    const email = ref('jane@example.com')
    const mounted = ref(true)
    onMounted(() => {
      harness.mountEffects += 1
      harness.setEmail = (next) => (email.value = next)
      harness.setMounted = (next) => (mounted.value = next)
    })
    return () => (mounted.value ? [h(CancelButton, { email: email.value }), h(Probe, { email: email.value })] : null)
  },
})

createApp(App).mount('#root')
