package dev.mfp.daemon.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.daemon.support.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
    private static final String MAIN = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    private static final String SECRET = "s3cr3ts3cr3ts3cr3ts3cr3ts3cr3tXY";

    @Test
    void mainTokenGrantsEverythingForever() {
        TokenService t = new TokenService(MAIN, SECRET, Clock.systemUTC());
        Grant g = t.verify(MAIN);
        assertThat(g.permissions().granted()).containsExactly("*");
        assertThat(g.expiresAt()).isNull();
        assertThat(g.jti()).isEqualTo(Grant.MAIN_JTI);
        assertThat(t.verify(MAIN.toLowerCase())).isNull();
        assertThat(t.verify(null)).isNull();
        assertThat(t.verify("")).isNull();
    }

    @Test
    void subtokenExpiresWithZeroSkew() {
        ManualClock clock = new ManualClock("2026-01-01T00:00:00Z");
        TokenService t = new TokenService(MAIN, SECRET, clock);
        // java-jwt checks exp against the system clock too, so mint relative to now for this part.
        TokenService real = new TokenService(MAIN, SECRET, Clock.systemUTC());
        String jwt = real.mint("a.b,c", 60);
        Grant g = real.verify(jwt);
        assertThat(g.permissions().granted()).containsExactly("a.b", "c");
        assertThat(Duration.between(Instant.now(), g.expiresAt()).getSeconds()).isBetween(58L, 60L);
        // Our own zero-skew check: at or after exp the token is dead.
        clock.set(g.expiresAt());
        assertThat(t.verify(jwt)).isNull();
        clock.set(g.expiresAt().minusMillis(1));
        assertThat(t.verify(jwt)).isNotNull();
    }

    @Test
    void aDifferentSecretInvalidatesSubtokens() {
        String jwt = new TokenService(MAIN, SECRET, Clock.systemUTC()).mint("*", 60);
        assertThat(new TokenService(MAIN, SECRET.replace('X', 'Q'), Clock.systemUTC()).verify(jwt)).isNull();
    }
}
