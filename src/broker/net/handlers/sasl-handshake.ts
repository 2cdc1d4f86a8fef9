/**
 * SaslHandshake (API key 17) on a listener without SASL, as Kafka answers it: SASL is out of scope
 * here (the listener is plaintext only, loopback by default), and a Kafka broker's plaintext
 * listener answers a SaslHandshake with error ILLEGAL_SASL_STATE (34) and no mechanisms, keeping the
 * connection open (`KafkaApis.handleSaslHandshakeRequest`; the SASL state machine that would
 * intercept it exists only on SASL listeners). Kafka lists SaslHandshake 0-1 in ApiVersions on
 * every listener, and so does this broker, because it answers it.
 *
 * A client configured for SASL against this broker thus fails at the handshake with Kafka's own
 * error instead of hanging.
 *
 * Pure. Safe from any thread.
 */
import { API_KEYS } from '../../../protocol/index.js'
import { SaslHandshakeRequestCodec } from '../../../protocol/messages/sasl-handshake-request.js'
import { createSaslHandshakeResponse } from '../../../protocol/messages/sasl-handshake-response.js'
import type { ApiHandler } from '../handler.js'

/** Kafka's error code ILLEGAL_SASL_STATE. */
export const ILLEGAL_SASL_STATE = 34

/** The SaslHandshake handler of a listener without SASL. */
export const saslHandshakeHandler: ApiHandler<typeof API_KEYS.SaslHandshake> = Object.freeze({
  apiKey: API_KEYS.SaslHandshake,
  versions: SaslHandshakeRequestCodec.versions,
  handle: () => createSaslHandshakeResponse({ errorCode: ILLEGAL_SASL_STATE, mechanisms: [] }),
})
