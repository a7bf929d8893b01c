package dev.mfp.daemon.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** permissions.md on the wire: the grammar at POST /subtoken, the matching rules and the node of every action (§4). */
@DaemonTest
class PermissionsConformanceTest {
    private static TestDaemon daemon;

    /** permissions.md §4 (and actions.md index): wire name → required node; null = none. */
    static final Map<String, String> NODES = new LinkedHashMap<>();

    static {
        for (String a : new String[] {"ping", "get_system_info", "get_permissions", "subscribe_event", "unsubscribe_event"}) {
            NODES.put(a, null);
        }
        NODES.put("get_java_list", "mcsl.daemon.java_list");
        NODES.put("get_directory_info", "mcsl.daemon.file.info.directory");
        NODES.put("get_file_info", "mcsl.daemon.file.info.file");
        NODES.put("file_upload_request", "mcsl.daemon.file.upload");
        NODES.put("file_upload_chunk", "mcsl.daemon.file.upload");
        NODES.put("file_upload_cancel", "mcsl.daemon.file.upload");
        NODES.put("file_download_request", "mcsl.daemon.file.download");
        NODES.put("file_download_range", "mcsl.daemon.file.download");
        NODES.put("file_download_chunk", "mcsl.daemon.file.download");
        NODES.put("file_download_close", "mcsl.daemon.file.download");
        NODES.put("delete_file", "mcsl.daemon.file.delete.file");
        NODES.put("delete_directory", "mcsl.daemon.file.delete.directory");
        NODES.put("rename_file", "mcsl.daemon.file.rename.file");
        NODES.put("rename_directory", "mcsl.daemon.file.rename.directory");
        NODES.put("create_directory", "mcsl.daemon.file.create.directory");
        NODES.put("move_file", "mcsl.daemon.file.move.file");
        NODES.put("move_directory", "mcsl.daemon.file.move.directory");
        NODES.put("copy_file", "mcsl.daemon.file.copy.file");
        NODES.put("copy_directory", "mcsl.daemon.file.copy.directory");
        NODES.put("add_instance", "mcsl.daemon.instance.add");
        NODES.put("remove_instance", "mcsl.daemon.instance.remove");
        NODES.put("start_instance", "mcsl.daemon.instance.start");
        NODES.put("stop_instance", "mcsl.daemon.instance.stop");
        NODES.put("kill_instance", "mcsl.daemon.instance.kill");
        NODES.put("send_to_instance", "mcsl.daemon.instance.send");
        NODES.put("get_instance_report", "mcsl.daemon.instance.report");
        NODES.put("get_all_reports", "mcsl.daemon.instance.report");
        NODES.put("get_instance_status", "mcsl.daemon.instance.report");
        NODES.put("get_all_status", "mcsl.daemon.instance.report");
        NODES.put("get_instance_log_history", "mcsl.daemon.instance.log");
        NODES.put("get_instance_settings", "mcsl.daemon.instance.settings.read");
        NODES.put("update_instance_settings", "mcsl.daemon.instance.settings.update");
        NODES.put("get_event_rules", "mcsl.daemon.instance.event_rules.read");
        NODES.put("save_event_rules", "mcsl.daemon.instance.event_rules.write");
    }

    /** The retcode of {@code action} with empty params (only the permission stage matters here). */
    private static int code(MfpClient c, String action) throws Exception {
        UUID id = UUID.randomUUID();
        JsonNode r = c.requestRaw("{\"action\":\"" + action + "\",\"params\":{},\"id\":\"" + id + "\"}", id)
                .get(30, TimeUnit.SECONDS);
        return r.get("retcode").asInt();
    }

    @Test
    void s4_everyActionChecksItsNode() throws Exception {
        MfpClient unrelated = daemon.connect(daemon.subtoken("mcsl.daemon.unrelated", 60));
        Map<String, MfpClient> byNode = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : NODES.entrySet()) {
            String action = e.getKey();
            String node = e.getValue();
            if (node == null) {
                assertThat(code(unrelated, action)).as(action + " needs no permission").isNotEqualTo(10003);
                continue;
            }
            assertThat(code(unrelated, action)).as(action + " without " + node).isEqualTo(10003);
            MfpClient exact = byNode.computeIfAbsent(node, n -> daemon.connect(daemon.subtoken(n, 60)));
            assertThat(code(exact, action)).as(action + " with exactly " + node).isNotEqualTo(10003);
            // the parent covers the child; a child never covers its parent or a sibling
            String parent = node.substring(0, node.lastIndexOf('.'));
            MfpClient parentGrant = byNode.computeIfAbsent(parent, n -> daemon.connect(daemon.subtoken(n, 60)));
            assertThat(code(parentGrant, action)).as(action + " with " + parent).isNotEqualTo(10003);
        }
        MfpClient deleteFileOnly = daemon.connect(daemon.subtoken("mcsl.daemon.file.delete.file", 60));
        assertThat(code(deleteFileOnly, "delete_directory")).isEqualTo(10003);
        MfpClient childOnly = daemon.connect(daemon.subtoken("mcsl.daemon.file.info.file.x", 60));
        assertThat(code(childOnly, "get_file_info")).isEqualTo(10003);
    }

    @Test
    void s2_wildcardsOnTheWire() throws Exception {
        Map<String, Boolean> grants = new LinkedHashMap<>();
        grants.put("*", true);
        grants.put("**", true);
        grants.put("mcsl.**", true);
        grants.put("mcsl.daemon.*", true);            // one node + parent rule
        grants.put("mcsl.*.file.info", true);
        grants.put("mcsl.daemon.*.info.file", true);
        grants.put("mcsl.daemon.**.file", true);      // ** = file.info
        grants.put("mcsl.daemon.file.**.file", true); // ** = info
        grants.put("mcsl.daemon.file.info.**.file", false); // ** needs at least one node
        grants.put("mcsl.daemon.file.info.file.*", false);  // * needs a node
        grants.put("mcsl.daemon.file.inf", false);         // whole nodes only
        for (Map.Entry<String, Boolean> g : grants.entrySet()) {
            MfpClient c = daemon.connect(daemon.subtoken(g.getKey(), 60));
            assertThat(code(c, "get_file_info") != 10003).as(g.getKey()).isEqualTo(g.getValue());
        }
    }

    @Test
    void s1_grammarIsValidatedAnchoredAtSubtoken() throws Exception {
        String main = daemon.mainToken();
        for (String valid : new String[] {"*", "**", "a", "a.b-c.d_e", "a.*.**", "mcsl.daemon.file.**,mcsl.daemon.java_list"}) {
            assertThat(Raw.postForm(daemon.port(), "/subtoken", "token=" + main + "&permissions=" + valid).status())
                    .as(valid).isEqualTo(200);
        }
        for (String invalid : new String[] {"", "a.", ".a", "a..b", "a.b*", "a.***", "a.1", "a%20b", "a,", "a,%20b",
                "x.ok.y%20z", "ok,a.1"}) {
            assertThat(Raw.postForm(daemon.port(), "/subtoken", "token=" + main + "&permissions=" + invalid).status())
                    .as(invalid).isEqualTo(400);
        }
    }

    @Test
    void s4_getPermissionsListsTheGrantInOrder() {
        MfpClient c = daemon.connect(daemon.subtoken("mcsl.daemon.java_list,mcsl.daemon.file.**", 60));
        assertThat(c.call("get_permissions", null).get("permissions").toString())
                .isEqualTo("[\"mcsl.daemon.java_list\",\"mcsl.daemon.file.**\"]");
        assertThat(daemon.client().call("get_permissions", null).get("permissions").toString()).isEqualTo("[\"*\"]");
    }

    @Test
    void s4_binaryFramesNeedTheUploadNode() throws Exception {
        MfpClient c = daemon.connect(daemon.subtoken("mcsl.daemon.file.download", 60));
        BlockingQueue<JsonNode> acks = new LinkedBlockingQueue<>();
        c.onUploadAck(acks::add);
        UUID id = UUID.randomUUID();
        ByteBuffer frame = TransportConformanceTest.frame(id, 0, new byte[] {1, 2}, 0, 2, false);
        c.sendBinary(frame).get(5, TimeUnit.SECONDS);
        JsonNode ack = acks.poll(10, TimeUnit.SECONDS);
        assertThat(ack).isNotNull();
        assertThat(ack.get("file_id").asText()).isEqualTo(id.toString());
        assertThat(ack.get("error").asText()).isEqualTo("Permission Denied");
    }
}
