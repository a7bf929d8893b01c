package dev.mfp.daemon.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaScannerTest {
    @TempDir
    Path dir;

    @Test
    void readsVersionAndArchitectureFromTheReleaseFileWithoutRunningJava() throws Exception {
        Path home = dir.resolve("fake-jdk");
        Files.createDirectories(home.resolve("bin"));
        Path java = home.resolve("bin/java");
        // A "java" that would fail if it were run: the scanner must not need to run it.
        Files.writeString(java, "#!/bin/sh\nexit 3\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"21.0.5\"\nOS_ARCH=\"x86_64\"\n");
        List<JavaInstall> found = new JavaScanner(Map.of("PATH", home.resolve("bin").toString())).list();
        assertThat(found).contains(new JavaInstall(java.toRealPath().toString(), "21.0.5", "x64"));
    }

    @Test
    void architectureNames() {
        assertThat(JavaScanner.architecture("amd64")).isEqualTo("x64");
        assertThat(JavaScanner.architecture("aarch64")).isEqualTo("x64");
        assertThat(JavaScanner.architecture("i386")).isEqualTo("x86");
        assertThat(SystemInfoService.dotnetArch("amd64")).isEqualTo("X64");
        assertThat(SystemInfoService.dotnetArch("aarch64")).isEqualTo("Arm64");
        assertThat(SystemInfoService.dotnetArch("x86")).isEqualTo("X86");
        assertThat(SystemInfoService.dotnetArch("arm")).isEqualTo("Arm");
    }

    @Test
    void runsJavaVersionOnlyWhenThereIsNoReleaseFile() throws Exception {
        Path bin = dir.resolve("bare/bin");
        Files.createDirectories(bin);
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"1.8.0_412\"' >&2\necho 'OpenJDK 64-Bit Server VM' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<JavaInstall> found = new JavaScanner(Map.of("PATH", bin.toString())).list();
        assertThat(found).contains(new JavaInstall(java.toRealPath().toString(), "1.8.0_412", "x64"));
    }
}
