package dev.mfp.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.cli.MfpCli;
import dev.mfp.daemon.support.Bytes;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's command-line examples against a real daemon. */
@DaemonTest
class CommandLineClientTest {
    private static TestDaemon daemon;

    private record Run(int code, String out, String err) {
    }

    private static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new MfpCli()).execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void infoTokenAndCall() throws Exception {
        String url = daemon.baseUri().toString();
        Run info = run("--url", url, "info");
        assertThat(info.code()).isZero();
        assertThat(Json.mapper().readTree(info.out()).get("api_version").asText()).isEqualTo("v1");

        Run token = run("--url", url, "--token", daemon.mainToken(), "token", "--permissions", "mcsl.daemon.java_list",
                "--expires", "60");
        assertThat(token.code()).isZero();
        List<String> printed = cliLines(token.out()); // the in-process daemon logs the minting on the same stdout
        String sub = printed.get(printed.size() - 1).trim();
        assertThat(sub.split("\\.")).hasSize(3);

        Run ping = run("--url", url, "--token", sub, "call", "ping");
        assertThat(ping.code()).isZero();
        JsonNode data = Json.mapper().readTree(ping.out());
        assertThat(data.get("time").asLong()).isPositive();

        Run denied = run("--url", url, "--token", sub, "call", "get_directory_info", "{\"path\":\"\"}");
        assertThat(denied.code()).isEqualTo(2);
        assertThat(denied.err()).contains("10003");
    }

    @Test
    void refusedTokenMintIsReported() {
        Run r = run("--url", daemon.baseUri().toString(), "--token", "wrong", "token", "--permissions", "*");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("401");
    }

    @Test
    void v2CallsMethodsAndReportsErrors() throws Exception {
        String url = daemon.baseUri().toString();
        Run ping = run("--url", url, "--token", daemon.mainToken(), "--api", "v2", "call", "mcsl.daemon.ping");
        assertThat(ping.code()).as(ping.err()).isZero();
        assertThat(Json.mapper().readTree(ping.out()).get("time").asLong()).isPositive();

        Run missing = run("--url", url, "--token", daemon.mainToken(), "--api", "v2", "call",
                "mcsl.instance.report.get", "{\"instance_id\":\"00000000-0000-0000-0000-000000000001\"}");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("instance.not_found");

        Run badApi = run("--url", url, "--token", daemon.mainToken(), "--api", "v3", "call", "ping");
        assertThat(badApi.code()).isNotZero();
    }

    /** The CLI's own output: the in-process daemon logs to the same captured stdout. */
    private static java.util.List<String> cliLines(String out) {
        return out.lines().filter(l -> !l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ .*")).toList();
    }

    @Test
    void commandsForPeopleDriveAnInstance() throws Exception {
        String url = daemon.baseUri().toString();
        String token = daemon.mainToken();
        java.util.UUID id = Instances.addServer(daemon, daemon.client(), "cli-server");
        FakeServer.writeProperties(daemon, id, FakeServer.freePort());

        Run status = run("--url", url, "--token", token, "status");
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).contains("daemon 1.0.0").containsPattern("(?m)^ID +NAME +TYPE +STATUS")
                .contains(id.toString()).contains("cli-server");

        Run list = run("--url", url, "--token", token, "instances", "--json");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(Json.mapper().readTree(list.out()).get(id.toString()).get("status").asText()).isEqualTo("stopped");
        Run listBefore = run("--url", url, "--token", token, "--json", "instances");
        assertThat(Json.mapper().readTree(listBefore.out()).has(id.toString())).isTrue();

        Run start = run("--url", url, "--token", token, "start", id.toString());
        assertThat(start.code()).as(start.err()).isZero();
        assertThat(cliLines(start.out())).containsExactly(id + " running");
        assertThat(run("--url", url, "--token", token, "send", id.toString(), "say", "from", "cli").code()).isZero();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                run("--url", url, "--token", token, "logs", id.toString()).out().contains("[Server] from cli"));
        Run tail = run("--url", url, "--token", token, "logs", id.toString(), "--since", "1");
        assertThat(cliLines(tail.out())).hasSize(1);
        Run show = run("--url", url, "--token", token, "instance", "show", id.toString());
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(cliLines(show.out())).anyMatch(l -> l.matches("status +running")).anyMatch(l -> l.matches(
                "name +cli-server")).anyMatch(l -> l.matches("process +\\d+"));
        Run showJson = run("--url", url, "--token", token, "instance", "show", id.toString(), "--json");
        assertThat(Json.mapper().readTree(showJson.out().substring(showJson.out().indexOf('{'))).path("report")
                .path("status").asText()).isEqualTo("running");
        Run restart = run("--url", url, "--token", token, "restart", id.toString());
        assertThat(restart.code()).as(restart.err()).isZero();
        assertThat(cliLines(restart.out())).containsExactly(id + " stopped", id + " running");
        Run kill = run("--url", url, "--token", token, "kill", id.toString());
        assertThat(kill.code()).as(kill.err()).isZero();
        assertThat(cliLines(kill.out())).containsExactly(id + " stopped");
        assertThat(run("--url", url, "--token", token, "start", id.toString()).code()).isZero();
        Run stop = run("--url", url, "--token", token, "stop", id.toString());
        assertThat(stop.code()).as(stop.err()).isZero();
        assertThat(cliLines(stop.out())).containsExactly(id + " stopped");

        Run missing = run("--url", url, "--token", token, "start", "00000000-0000-0000-0000-000000000001");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().trim()).startsWith("error instance.not_found");
        Run unreachable = run("--url", "http://127.0.0.1:1", "--token", token, "instances");
        assertThat(unreachable.code()).isEqualTo(3);
        daemon.client().call("remove_instance", java.util.Map.of("id", id.toString()));
    }

    @Test
    void theFileManagerForPeople() throws Exception {
        String url = daemon.baseUri().toString();
        String token = daemon.mainToken();
        assertThat(run("--url", url, "--token", token, "mkdir", "cli/a/b").code()).isZero();
        java.nio.file.Files.writeString(daemon.root().resolve("cli/a/note.txt"), "hello");
        Run ls = run("--url", url, "--token", token, "ls", "cli/a");
        assertThat(ls.code()).as(ls.err()).isZero();
        assertThat(cliLines(ls.out())).anyMatch(l -> l.matches("b/ +.*")).anyMatch(l -> l.matches("note\\.txt +5 B +.*"));
        assertThat(run("--url", url, "--token", token, "cp", "cli/a/note.txt", "cli/copy.txt").code()).isZero();
        assertThat(run("--url", url, "--token", token, "mv", "cli/a", "cli/moved").code()).isZero();
        assertThat(daemon.root().resolve("cli/moved/b")).isDirectory();
        assertThat(daemon.root().resolve("cli/copy.txt")).hasContent("hello");
        assertThat(run("--url", url, "--token", token, "rm", "cli/copy.txt").code()).isZero();
        Run notEmpty = run("--url", url, "--token", token, "rm", "-d", "cli/moved");
        assertThat(notEmpty.code()).isEqualTo(2);
        assertThat(notEmpty.err()).startsWith("error file.storage_failed");
        assertThat(run("--url", url, "--token", token, "rm", "-r", "cli").code()).isZero();
        assertThat(daemon.root().resolve("cli")).doesNotExist();
        Run json = run("--url", url, "--token", token, "ls", "--json");
        assertThat(Json.mapper().readTree(json.out().substring(json.out().indexOf('{'))).has("directories")).isTrue();
    }

    @Test
    void uploadAndDownloadWithVerificationAndResume(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        String url = daemon.baseUri().toString();
        String token = daemon.mainToken();
        byte[] data = new byte[3 * (1 << 20) + 12345];
        new java.util.Random(7).nextBytes(data);
        java.nio.file.Path local = tmp.resolve("world.bin");
        java.nio.file.Files.write(local, data);
        Run up = run("--url", url, "--token", token, "upload", local.toString(), "cli-up/world.bin");
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(daemon.root().resolve("cli-up/world.bin")).hasBinaryContent(data);

        java.nio.file.Path back = tmp.resolve("back.bin");
        Run down = run("--url", url, "--token", token, "download", "cli-up/world.bin", back.toString());
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(back).hasBinaryContent(data);
        // an interrupted download: the first 1.5 MiB are there; --resume fetches only the rest
        java.nio.file.Files.write(back, java.util.Arrays.copyOf(data, 3 << 19));
        Run resumed = run("--url", url, "--token", token, "download", "--resume", "cli-up/world.bin", back.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(back).hasBinaryContent(data);
        // a local file that differs is caught by the SHA-256 check
        byte[] wrong = java.util.Arrays.copyOf(data, 1 << 20);
        wrong[10] ^= 1;
        java.nio.file.Files.write(back, wrong);
        Run bad = run("--url", url, "--token", token, "download", "--resume", "cli-up/world.bin", back.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("sha256 mismatch");
    }

    @Test
    void loginStoresAnOwnerOnlyProfileThatLaterCommandsUse(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path profile = tmp.resolve("mfp/config.json");
        System.setProperty("mfp.profile", profile.toString());
        try {
            Run bad = run("login", daemon.baseUri().toString(), "not-a-token");
            assertThat(bad.code()).isEqualTo(3);
            assertThat(profile).doesNotExist();
            Run login = run("login", daemon.baseUri().toString(), daemon.mainToken());
            assertThat(login.code()).as(login.err()).isZero();
            assertThat(java.nio.file.Files.getPosixFilePermissions(profile))
                    .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            Run list = run("instances", "--json"); // no --url, no --token
            assertThat(list.code()).as(list.err()).isZero();
            assertThat(Json.mapper().readTree(list.out().substring(list.out().indexOf('{')))).isNotNull();
        } finally {
            System.clearProperty("mfp.profile");
        }
    }

    @Test
    void anInterruptedUploadIsResumedWithOnlyTheMissingBytes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        String url = daemon.baseUri().toString();
        String token = daemon.mainToken();
        byte[] data = new byte[2 * (1 << 20) + 777];
        new java.util.Random(11).nextBytes(data);
        java.nio.file.Path local = tmp.resolve("map.bin");
        java.nio.file.Files.write(local, data);
        String sha1 = Bytes.sha1(data);
        // an earlier run got the first MiB across, then its connection was pulled
        dev.mfp.client.MfpClient first = daemon.client();
        String fileId = first.call("file_upload_request", java.util.Map.of("path", "resumed-cli/map.bin", "size",
                data.length, "sha1", sha1, "encoding", "base64", "resumable", true, "timeout", 600_000))
                .get("file_id").asText();
        first.uploadChunk(java.util.UUID.fromString(fileId), 0, data, 0, 1 << 20, "base64").get(30,
                java.util.concurrent.TimeUnit.SECONDS);
        first.abort();
        java.nio.file.Files.writeString(tmp.resolve("map.bin.mfp-upload"), Json.mapper().createObjectNode()
                .put("url", url).put("remote", "resumed-cli/map.bin").put("file_id", fileId).put("size", data.length)
                .put("sha1", sha1).toString());

        Run again = run("--url", url, "--token", token, "upload", "--resume", local.toString(), "resumed-cli/map.bin");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(daemon.root().resolve("resumed-cli/map.bin")).hasBinaryContent(data);
        assertThat(tmp.resolve("map.bin.mfp-upload")).doesNotExist();

        // a fresh --resume upload (no state yet) works in one go too
        Run fresh = run("--url", url, "--token", token, "upload", "--resume", local.toString(), "resumed-cli/two.bin");
        assertThat(fresh.code()).as(fresh.err()).isZero();
        assertThat(daemon.root().resolve("resumed-cli/two.bin")).hasBinaryContent(data);
    }

    @Test
    void automationGetApplyAndTest() throws Exception {
        String url = daemon.baseUri().toString();
        String token = daemon.mainToken();
        java.nio.file.Path bad = java.nio.file.Files.createTempFile("mfp-policies", ".json");
        java.nio.file.Path good = java.nio.file.Files.createTempFile("mfp-policies", ".json");
        try {
            java.nio.file.Files.writeString(bad, "{\"policies\":[{\"name\":\" \",\"actions\":[]}]}");
            Run invalid = run("--url", url, "--token", token, "automation", "apply", bad.toString());
            assertThat(invalid.code()).isEqualTo(2);
            assertThat(invalid.out()).contains("automation.name_required").contains("automation.trigger_required");
            java.nio.file.Files.writeString(good, "{\"policies\":[{\"name\":\"cli window\",\"enabled\":false,"
                    + "\"trigger\":{\"type\":\"schedule.window\"},\"actions\":[{\"type\":\"audit.record\","
                    + "\"message\":\"x\"}]}]}");
            long before = daemon.v2().call("mcsl.automation.get").at("/policy_set/version").asLong();
            Run applied = run("--url", url, "--token", token, "automation", "apply", good.toString());
            assertThat(applied.code()).as(applied.err()).isZero();
            assertThat(cliLines(applied.out())).contains("version " + (before + 1));
            Run get = run("--url", url, "--token", token, "automation", "get");
            assertThat(get.code()).isZero();
            assertThat(get.out()).contains("\"cli window\"").contains("\"suppressions\"");
            Run test = run("--url", url, "--token", token, "automation", "test");
            assertThat(test.code()).isZero();
            assertThat(cliLines(test.out())).anyMatch(l -> l.contains(" no ") && l.endsWith("disabled"));
        } finally {
            java.nio.file.Files.deleteIfExists(bad);
            java.nio.file.Files.deleteIfExists(good);
        }
    }

    @Test
    void backupsOperationsAndTheAuditLogForPeople() throws Exception {
        String url = daemon.baseUri().toString();
        String token = daemon.mainToken();
        java.util.UUID id = Instances.addServer(daemon, daemon.client(), "cli-backup");
        java.nio.file.Files.writeString(daemon.root().resolve("instances/" + id + "/world.txt"), "v1");

        Run create = run("--url", url, "--token", token, "backup", "create", id.toString());
        assertThat(create.code()).as(create.err()).isZero();
        String[] done = cliLines(create.out()).get(cliLines(create.out()).size() - 1).split(" ");
        assertThat(done[1]).isEqualTo("succeeded");
        String archive = done[2];
        Run list = run("--url", url, "--token", token, "backup", "list", id.toString());
        assertThat(cliLines(list.out())).anyMatch(l -> l.startsWith(archive) && l.contains("cli-backup"));
        Run ops = run("--url", url, "--token", token, "ops");
        assertThat(cliLines(ops.out())).anyMatch(l -> l.startsWith(done[0]) && l.contains("backup.create"));
        Run audit = run("--url", url, "--token", token, "audit", "--method", "mcsl.backup.create");
        assertThat(cliLines(audit.out())).anyMatch(l -> l.contains("daemon-main") && l.contains(id.toString())
                && l.endsWith("ok"));

        java.nio.file.Files.writeString(daemon.root().resolve("instances/" + id + "/world.txt"), "v2");
        Run planOnly = run("--url", url, "--token", token, "backup", "restore", archive, id.toString());
        assertThat(planOnly.code()).as(planOnly.err()).isZero();
        assertThat(planOnly.err()).contains("--yes");
        assertThat(daemon.root().resolve("instances/" + id + "/world.txt")).hasContent("v2");
        Run restore = run("--url", url, "--token", token, "backup", "restore", archive, id.toString(), "--yes");
        assertThat(restore.code()).as(restore.err() + restore.out()).isZero();
        assertThat(daemon.root().resolve("instances/" + id + "/world.txt")).hasContent("v1");
    }

    @Test
    void instanceCreateProvisionsAndFollowsTheOperation() throws Exception {
        String url = daemon.baseUri().toString();
        String token = daemon.mainToken();
        String jar = FakeServer.uploadServerJar(daemon);
        Run created = run("--url", url, "--token", token, "instance", "create", "--provision", "paper", "1.21.4",
                "--source", jar, "--name", "cli-provisioned", "--java", FakeServer.java());
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains(" succeeded ");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" succeeded ([0-9a-f-]{36})").matcher(created.out());
        assertThat(m.find()).isTrue();
        String id = m.group(1);
        Run show = run("--url", url, "--token", token, "instance", "show", id);
        assertThat(show.out()).as(show.err()).contains("cli-provisioned").contains("mc_paper 1.21.4");
        Run blocked = run("--url", url, "--token", token, "instance", "create", "--provision", "vanilla", "1.21.4");
        assertThat(blocked.code()).isEqualTo(2);
        assertThat(blocked.err()).contains("error provisioning.source.required");
        Run failed = run("--url", url, "--token", token, "instance", "create", "--provision", "quilt", "1.20.1",
                "--source", jar);
        assertThat(failed.code()).isEqualTo(2);
        assertThat(failed.out()).contains(" failed instance.factory.unsupported");
    }
}
