package dev.mfp.protocol.v2.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfp.protocol.model.InstanceStatus;
import dev.mfp.protocol.model.InstanceType;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CatalogTest {
    private static CatalogItem item(String id) {
        return new CatalogItem(UUID.fromString(id), "n", InstanceType.UNIVERSAL, "", InstanceStatus.STOPPED, false);
    }

    @Test
    void itemHasTheSixMembers() {
        var json = Wire.tree(new CatalogItem(Wire.ID, "Survival", InstanceType.MC_PAPER, "1.21.4",
                InstanceStatus.STARTING, true));
        assertThat(json).isEqualTo(Wire.parse("{\"instance_id\":\"" + Wire.ID + "\",\"name\":\"Survival\","
                + "\"instance_type\":\"mc_paper\",\"version\":\"1.21.4\",\"status\":\"starting\","
                + "\"ready_timed_out\":true}"));
    }

    @Test
    void itemsAreSortedByTheirStringFormAndUnique() {
        var high = item("f0000000-0000-0000-0000-000000000000");
        var low = item("10000000-0000-0000-0000-000000000000");
        var catalog = Catalog.of(7, List.of(high, low));
        assertThat(catalog.items()).containsExactly(low, high);
        var json = Wire.tree(catalog);
        assertThat(Wire.names(json)).containsExactly("version", "items");
        assertThat(json.get("version").asLong()).isEqualTo(7);
        assertThatThrownBy(() -> Catalog.of(1, List.of(low, high, low))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void upsertCarriesTheSnapshotAndRemoveOmitsIt() {
        var snapshot = new CatalogItem(Wire.ID, "Survival", InstanceType.MC_PAPER, "1.21.4", InstanceStatus.RUNNING,
                false);
        var upsert = Wire.tree(CatalogChangedData.upsert(3, snapshot));
        assertThat(Wire.names(upsert)).containsExactly("version", "operation", "instance_id", "snapshot");
        assertThat(upsert.get("operation").asText()).isEqualTo("upsert");
        assertThat(upsert.get("snapshot")).isEqualTo(Wire.tree(snapshot));
        assertThat(Wire.text(CatalogChangedData.remove(4, Wire.ID)))
                .isEqualTo("{\"version\":4,\"operation\":\"remove\",\"instance_id\":\"" + Wire.ID + "\"}");
    }
}
