package dev.mfp.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mfp.protocol.ActionError;
import dev.mfp.protocol.json.WireEnums;
import java.util.Locale;
import java.util.Map;

/**
 * Instance types (models.md §3.6). {@code mc} = handled as a Minecraft Java server (Done/stop/SLP/properties);
 * {@code numericVersion} = requires a numeric {@code mc_version}.
 */
public enum InstanceType {
    UNIVERSAL(false, false),
    STEAM_SERVER(false, false),
    MC_JAVA(true, false),
    MC_FABRIC(true, true),
    MC_FORGE(true, true),
    MC_NEO_FORGE(true, true),
    MC_QUILT(true, true),
    MC_CLEANROOM(true, true),
    MC_SPONGE_VANILLA(true, false),
    MC_SPONGE_FORGE(true, false),
    MC_SPONGE_NEO(true, false),
    MC_VANILLA(true, true),
    MC_CRAFT_BUKKIT(true, true),
    MC_SPIGOT(true, true),
    MC_PAPER(true, true),
    MC_LEAF(true, true),
    MC_LEAVES(true, true),
    MC_FOLIA(true, true),
    MC_CANVAS(true, true),
    MC_PUFFERFISH(true, true),
    MC_PURPUR(true, true),
    MC_MOHIST(true, true),
    MC_BANNER(true, true),
    MC_YOUER(true, true),
    MC_THERMOS(true, true),
    MC_CRUCIBLE(true, true),
    MC_TAIYITIST(true, true),
    MC_CAT_SERVER(true, true),
    MC_ARCLIGHT(true, true),
    MC_BUNGEE_CORD(false, false),
    MC_VELOCITY(false, false),
    MC_WATERFALL(false, false),
    MC_TRAVERTINE(false, false),
    MC_VIA_VERSION(false, false),
    MC_GEYSER(false, false),
    MCD_REFORGED(false, false),
    MC_BEDROCK(false, false),
    MC_NUKKIT(false, false),
    MCBDS(false, false),
    MC_CLOUDBURST(false, false),
    MC_POCKET_MINE(false, false),
    TERRARIA(false, false),
    T_SHOCK(false, false),
    TDSM(false, false);

    /** April-2025 input values (compared without underscores and case). */
    private static final Map<String, InstanceType> ALIASES = Map.of(
            "vanilla", MC_VANILLA, "fabric", MC_FABRIC, "forge", MC_FORGE, "neoforge", MC_NEO_FORGE,
            "cleanroom", MC_CLEANROOM, "spigot", MC_SPIGOT);

    private final boolean minecraft;
    private final boolean numericVersion;

    InstanceType(boolean minecraft, boolean numericVersion) {
        this.minecraft = minecraft;
        this.numericVersion = numericVersion;
    }

    /** Treated as a Minecraft Java server: Done line, {@code stop} command, SLP, server.properties. */
    public boolean minecraft() {
        return minecraft;
    }

    public boolean requiresNumericVersion() {
        return numericVersion;
    }

    /** The Forge installer family (Forge, NeoForge, Cleanroom). */
    public boolean forgeFamily() {
        return this == MC_FORGE || this == MC_NEO_FORGE || this == MC_CLEANROOM;
    }

    @JsonValue
    public String wire() {
        return WireEnums.wire(this);
    }

    /** Unknown value → IllegalArgumentException (11001); {@code none} → 11002 (models.md §3.6). */
    @JsonCreator
    public static InstanceType fromWire(String value) {
        InstanceType t = WireEnums.parse(InstanceType.class, value);
        if (t != null) {
            return t;
        }
        String key = value == null ? "" : value.replace("_", "").toLowerCase(Locale.ROOT);
        if (key.equals("none")) {
            throw ActionError.badFormat("instance_type 'none' is not a valid instance type");
        }
        t = ALIASES.get(key);
        if (t == null) {
            throw new IllegalArgumentException("unknown instance type '" + value + "'");
        }
        return t;
    }
}
