package dev.mfp.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/cli.md is the picocli model's own text: a changed option or command must be regenerated into it. */
class CliReferenceTest {
    @Test
    void theReferenceMatchesTheCommands() throws Exception {
        Path doc = Path.of("..", "docs", "cli.md");
        assertThat(doc).as("docs/cli.md (regenerate: see CliReference)").exists();
        assertThat(Files.readString(doc, StandardCharsets.UTF_8)).as("docs/cli.md is stale; regenerate it with"
                + " java -cp client/target/mfp-client-cli.jar dev.mfp.client.cli.CliReference > docs/cli.md")
                .isEqualTo(CliReference.render());
    }
}
