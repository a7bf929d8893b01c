package dev.mfp.daemon.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.api.v1.events.Subscriptions;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.ActionError;
import dev.mfp.protocol.Permissions;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.wire.Empty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher's check order and error mapping, with handlers made for the purpose. */
class DispatcherTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    record SizeParams(Long size) {
        SizeParams {
            if (size != null && size < 0) {
                throw ActionError.badFormat("negative size");
            }
        }
    }

    /** Answers or blocks on a latch, failing in the ways the test asks for. */
    static final class TestHandler implements ActionHandler<SizeParams, Empty> {
        final CountDownLatch release = new CountDownLatch(1);
        final Action action;
        final boolean block;

        TestHandler(Action action, boolean block) {
            this.action = action;
            this.block = block;
        }

        @Override
        public Action action() {
            return action;
        }

        @Override
        public Class<SizeParams> paramsType() {
            return SizeParams.class;
        }

        @Override
        public Empty handle(SizeParams params, RequestContext ctx) throws Exception {
            Params.require(params.size(), "size");
            if (params.size() == 13) {
                throw new IllegalStateException("secret internal detail");
            }
            if (block) {
                release.await(10, TimeUnit.SECONDS);
            }
            return Empty.INSTANCE;
        }
    }

    static class Channel implements ActionChannel {
        final List<JsonNode> responses = new CopyOnWriteArrayList<>();
        final Semaphore slots;
        final Permissions permissions;
        final Subscriptions subs = new Subscriptions();

        Channel(int slots, String permissions) {
            this.slots = new Semaphore(slots);
            this.permissions = Permissions.parse(permissions);
        }

        @Override
        public boolean tryAcquireSlot() {
            return slots.tryAcquire();
        }

        @Override
        public void releaseSlot() {
            slots.release();
        }

        @Override
        public void sendResponse(String text, Runnable onSent) {
            try {
                responses.add(Json.mapper().readTree(text));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            onSent.run();
        }

        JsonNode awaitResponse(int index) throws InterruptedException {
            for (int i = 0; i < 500 && responses.size() <= index; i++) {
                Thread.sleep(10);
            }
            return responses.get(index);
        }

        @Override
        public UUID connectionId() {
            return UUID.randomUUID();
        }

        @Override
        public UUID jti() {
            return new UUID(0, 0);
        }

        @Override
        public Permissions permissions() {
            return permissions;
        }

        @Override
        public Instant expiresAt() {
            return null;
        }

        @Override
        public Subscriptions subscriptions() {
            return subs;
        }

        @Override
        public void onClose(Runnable hook) {
        }

        @Override
        public <T> T attachment(Class<T> key, Supplier<T> factory) {
            return factory.get();
        }

        @Override
        public void sendText(String text) {
        }
    }

    private static String frame(String action, String params) {
        return "{\"action\":\"" + action + "\",\"params\":" + params + ",\"id\":\"" + UUID.randomUUID() + "\"}";
    }

    @Test
    void knownActionWithoutHandlerIs10004BeforePermission() throws Exception {
        Dispatcher d = new Dispatcher(new ActionRegistry(), pool, false);
        Channel ch = new Channel(4, "nothing");
        d.onText(ch, frame("add_instance", "{}"));
        assertThat(ch.awaitResponse(0).get("retcode").asInt()).isEqualTo(10004);
    }

    @Test
    void permissionIsCheckedBeforeParams() throws Exception {
        Dispatcher d = new Dispatcher(new ActionRegistry().register(new TestHandler(Action.GET_FILE_INFO, false)), pool, false);
        Channel ch = new Channel(4, "mcsl.daemon.file.upload");
        d.onText(ch, frame("get_file_info", "[]"));
        assertThat(ch.awaitResponse(0).get("retcode").asInt()).isEqualTo(10003);
    }

    @Test
    void paramErrorsAndHandlerErrorsMapToTheirCodes() throws Exception {
        Dispatcher d = new Dispatcher(new ActionRegistry().register(new TestHandler(Action.GET_FILE_INFO, false)), pool, false);
        Channel ch = new Channel(4, "*");
        d.onText(ch, frame("get_file_info", "{\"size\":\"x\"}"));
        JsonNode wrongType = ch.awaitResponse(0);
        assertThat(wrongType.get("retcode").asInt()).isEqualTo(11001);
        assertThat(wrongType.get("message").asText()).isEqualTo("Bad Param: Could not deserialize param 'size' at 'params.size'");
        d.onText(ch, frame("get_file_info", "{}"));
        assertThat(ch.awaitResponse(1).get("retcode").asInt()).isEqualTo(11001);
        d.onText(ch, frame("get_file_info", "{\"size\":-1}"));
        assertThat(ch.awaitResponse(2).get("retcode").asInt()).isEqualTo(11002);
        d.onText(ch, frame("get_file_info", "{\"size\":13}"));
        JsonNode unexpected = ch.awaitResponse(3);
        assertThat(unexpected.get("retcode").asInt()).isEqualTo(20001);
        assertThat(unexpected.get("message").asText()).doesNotContain("secret internal detail").doesNotContain("\tat ");
        d.onText(ch, frame("get_file_info", "{\"size\":1}"));
        assertThat(ch.awaitResponse(4).get("retcode").asInt()).isZero();
        assertThat(ch.slots.availablePermits()).as("every slot returned").isEqualTo(4);
    }

    @Test
    void verboseModeIncludesTheExceptionText() throws Exception {
        Dispatcher d = new Dispatcher(new ActionRegistry().register(new TestHandler(Action.GET_FILE_INFO, false)), pool, true);
        Channel ch = new Channel(4, "*");
        d.onText(ch, frame("get_file_info", "{\"size\":13}"));
        assertThat(ch.awaitResponse(0).get("message").asText()).contains("secret internal detail");
    }

    @Test
    void requestsBeyondTheInFlightBoundAre10005() throws Exception {
        TestHandler blocking = new TestHandler(Action.GET_FILE_INFO, true);
        Dispatcher d = new Dispatcher(new ActionRegistry().register(blocking), pool, false);
        Channel ch = new Channel(2, "*");
        d.onText(ch, frame("get_file_info", "{\"size\":1}"));
        d.onText(ch, frame("get_file_info", "{\"size\":1}"));
        d.onText(ch, frame("get_file_info", "{\"size\":1}"));
        JsonNode rejected = ch.awaitResponse(0);
        assertThat(rejected.get("retcode").asInt()).isEqualTo(10005);
        blocking.release.countDown();
        assertThat(ch.awaitResponse(1).get("retcode").asInt()).isZero();
        assertThat(ch.awaitResponse(2).get("retcode").asInt()).isZero();
        d.onText(ch, frame("get_file_info", "{\"size\":1}"));
        assertThat(ch.awaitResponse(3).get("retcode").asInt()).as("slots are returned").isZero();
    }
}
