package dev.mfp.daemon.transport;

/**
 * What differs between the connections of the two protocols: message and in-flight bounds, the outbound queue's
 * policy and the close codes of a slow consumer and of token expiry.
 */
public record ConnectionSettings(int maxInflight, long maxText, long maxBinary, OutboundQueue.Limits outbound,
        int overflowCode, String overflowReason, int expiryCode, String expiryReason, long maxSendMillis) {

    /**
     * A connection whose events are never dropped: a queue of more than {@code maxMessages} messages (or of more
     * bytes than the v1 close bound) closes it instead, as does a send taking longer than {@code maxSendMillis}.
     */
    public static ConnectionSettings lossless(int maxInflight, long maxText, long maxBinary, int maxMessages,
            int overflowCode, String overflowReason, int expiryCode, String expiryReason, long maxSendMillis) {
        OutboundQueue.Limits v1 = Connection.OUTBOUND_LIMITS;
        return new ConnectionSettings(maxInflight, maxText, maxBinary, new OutboundQueue.Limits(v1.pauseBytes(),
                v1.resumeBytes(), v1.closeBytes(), v1.closeBytes(), maxMessages, false), overflowCode, overflowReason,
                expiryCode, expiryReason, maxSendMillis);
    }
}
