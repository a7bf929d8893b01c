package dev.mfp.daemon.instance;

import static dev.mfp.daemon.instance.MinecraftConsoleWatcher.Signal.CRASH;
import static dev.mfp.daemon.instance.MinecraftConsoleWatcher.Signal.DONE;
import static dev.mfp.daemon.instance.MinecraftConsoleWatcher.Signal.NONE;
import static dev.mfp.daemon.instance.MinecraftConsoleWatcher.Signal.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The console lines that move a Minecraft server's state (files-and-instances.md §5.4), in process. */
class MinecraftConsoleWatcherTest {
    @Test
    void theDoneLineInItsForms() {
        assertThat(MinecraftConsoleWatcher.classify("[12:00:01 INFO]: Done (3.456s)! For help, type \"help\""))
                .isEqualTo(DONE);
        assertThat(MinecraftConsoleWatcher.classify("[Server thread/INFO]: Done (12.5s)! For help, type 'help'  \r"))
                .isEqualTo(DONE);
        assertThat(MinecraftConsoleWatcher.classify("Done (3s)! For help, type \"help\"")).as("no decimals")
                .isEqualTo(NONE);
        assertThat(MinecraftConsoleWatcher.classify("Done (3.4567s)! For help, type \"help\"")).as("4 decimals")
                .isEqualTo(NONE);
        assertThat(MinecraftConsoleWatcher.classify("Done (3.4s)! For help, type \"help\" or ask")).as("not at the end")
                .isEqualTo(NONE);
    }

    @Test
    void stoppingAndCrashAndTheirPrecedence() {
        assertThat(MinecraftConsoleWatcher.classify("[INFO]: Stopping the server")).isEqualTo(STOPPING);
        assertThat(MinecraftConsoleWatcher.classify("---- Minecraft has crashed! ----")).isEqualTo(CRASH);
        assertThat(MinecraftConsoleWatcher.classify("Minecraft has crashed while Stopping the server")).isEqualTo(CRASH);
        assertThat(MinecraftConsoleWatcher.classify("Stopping the server; Done (1.0s)! For help, type \"help\""))
                .isEqualTo(STOPPING);
        assertThat(MinecraftConsoleWatcher.classify("<player> hello")).isEqualTo(NONE);
        assertThat(MinecraftConsoleWatcher.classify("")).isEqualTo(NONE);
    }
}
