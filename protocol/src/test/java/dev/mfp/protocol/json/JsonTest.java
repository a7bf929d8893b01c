package dev.mfp.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mfp.protocol.model.EventType;
import dev.mfp.protocol.wire.ActionResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonTest {
    record P(String name, Long size, Boolean flag, UUID id, EventType type) {
    }

    private final ObjectMapper m = Json.mapper();

    @Test
    void wrongJsonTypesAreRejected() {
        assertThatThrownBy(() -> m.readValue("{\"name\":1}", P.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> m.readValue("{\"name\":true}", P.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> m.readValue("{\"name\":{}}", P.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> m.readValue("{\"size\":\"5\"}", P.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> m.readValue("{\"size\":1.5}", P.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> m.readValue("{\"flag\":\"true\"}", P.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> m.readValue("{\"flag\":1}", P.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> m.readValue("{\"id\":5}", P.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> m.readValue("{\"type\":\"nope\"}", P.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> m.readValue("{\"type\":1}", P.class)).isInstanceOf(JacksonException.class);
    }

    @Test
    void rightTypesBindAndUnknownMembersAreIgnored() throws Exception {
        P p = m.readValue("{\"name\":\"x\",\"size\":5,\"flag\":true,\"id\":\"5B7C4F0E-2A43-4D8E-B1E0-9F3A2C6D7E81\","
                + "\"type\":\"DaemonReport\",\"extra\":[1,2]}", P.class);
        assertThat(p.name()).isEqualTo("x");
        assertThat(p.size()).isEqualTo(5L);
        assertThat(p.flag()).isTrue();
        assertThat(p.id()).isEqualTo(UUID.fromString("5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81"));
        assertThat(p.type()).isEqualTo(EventType.DAEMON_REPORT);
    }

    @Test
    void enumsAreLenient() {
        assertThat(EventType.fromWire("instance_log")).isEqualTo(EventType.INSTANCE_LOG);
        assertThat(EventType.fromWire("INSTANCE_LOG")).isEqualTo(EventType.INSTANCE_LOG);
        assertThat(EventType.fromWire("InstanceLog")).isEqualTo(EventType.INSTANCE_LOG);
        assertThatThrownBy(() -> EventType.fromWire("instance")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidUuidStringsBecomeTheZeroUuid() throws Exception {
        assertThat(m.readValue("{\"id\":\"not-a-uuid\"}", P.class).id()).isEqualTo(new UUID(0, 0));
        assertThat(LenientUuidDeserializer.parseLenient("{5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81}"))
                .isEqualTo(UUID.fromString("5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81"));
        assertThat(LenientUuidDeserializer.parseLenient("5b7c4f0e2a434d8eb1e09f3a2c6d7e81"))
                .isEqualTo(UUID.fromString("5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81"));
        assertThat(LenientUuidDeserializer.parseLenient("1-2-3-4-5")).isEqualTo(new UUID(0, 0));
    }

    @Test
    void loneSurrogatesAreEscapedAndSurviveARoundTrip() throws Exception {
        String s = "a\uD800b\uDFFFé\u0000";
        String json = m.writeValueAsString(new ActionResponse("ok", 0, java.util.Map.of("content", s), "OK", new UUID(0, 0)));
        assertThat(json).isASCII().contains("\\uD800").contains("\\uDFFF");
        assertThat(m.readTree(json).get("data").get("content").textValue()).isEqualTo(s);
    }

    @Test
    void responsesAlwaysCarryAllFiveMembers() throws Exception {
        String json = m.writeValueAsString(ActionResponse.error(dev.mfp.protocol.RetCode.BAD_REQUEST, null, null));
        assertThat(json).isEqualTo("{\"status\":\"error\",\"retcode\":10001,\"data\":null,\"message\":\"Bad Request\","
                + "\"id\":\"00000000-0000-0000-0000-000000000000\"}");
    }
}
