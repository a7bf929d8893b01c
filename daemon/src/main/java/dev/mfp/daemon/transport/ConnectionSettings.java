package dev.mfp.daemon.transport;

/**
 * What differs between the connections of the two protocols: message and in-flight bounds, the outbound queue's
 * policy and the close codes of a slow consumer and of token expiry.
 */
public record ConnectionSettings(int maxInflight, long maxText, long maxBinary, OutboundQueue.Limits outbound,
        int overflowCode, String overflowReason, int expiryCode, String expiryReason, long maxSendMillis) {
}
