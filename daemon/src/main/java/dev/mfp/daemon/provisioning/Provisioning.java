package dev.mfp.daemon.provisioning;

import dev.mfp.daemon.files.RootFs;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.instance.factory.SourceAddressPolicy;
import dev.mfp.daemon.operation.OperationError;
import dev.mfp.daemon.operation.OperationSnapshot;
import dev.mfp.daemon.operation.Operations;
import dev.mfp.daemon.plan.PlanError;
import dev.mfp.daemon.plan.PlanSnapshot;
import dev.mfp.daemon.plan.Plans;
import dev.mfp.protocol.model.InstanceType;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisioning (provisioning.md §3–§6): {@code provisioning.instance} plans that only record the request and its
 * missing facts (resolve never contacts the network), read back by their creator only, and executed as a
 * {@code provisioning.execute} operation ({@link ProvisioningRun}) that downloads, verifies and creates the instance.
 */
public final class Provisioning {
    public static final String PLAN_KIND = "provisioning.instance";
    public static final String KIND_EXECUTE = "provisioning.execute";
    static final List<String> PERMISSIONS = List.of("mcsl.provisioning.resolve", "mcsl.provisioning.get",
            "mcsl.provisioning.execute");
    /** provider → instance type (§5). */
    static final Map<String, InstanceType> PROVIDERS = Map.of("vanilla", InstanceType.MC_VANILLA, "paper",
            InstanceType.MC_PAPER, "fabric", InstanceType.MC_FABRIC, "forge", InstanceType.MC_FORGE, "neo_forge",
            InstanceType.MC_NEO_FORGE, "quilt", InstanceType.MC_QUILT);
    static final String WORK_PREFIX = "provisioning-";

    private static final Logger LOG = LoggerFactory.getLogger(Provisioning.class);

    private final Plans plans;
    private final Operations operations;
    private final ProvisioningRun.Context run;

    /**
     * @param downloads {@code caches/downloads}: each execution works in its own {@code provisioning-<id>} directory
     *                  there, deleted when it ends (leftovers of a killed daemon are deleted here)
     * @param fs the daemon root: a local source is resolved there as the installers do (21006 outside it)
     * @param policy the instance source address policy; the configured bases are added to its exceptions
     * @param maxBytes size limit of one download
     */
    public Provisioning(Plans plans, Operations operations, InstanceManager instances, ProvisioningSettings settings,
            Path downloads, RootFs fs,
            SourceAddressPolicy policy, long maxBytes) {
        this.plans = plans.limit(settings.maxPlans(), settings.maxLivePlansPerPrincipal());
        this.operations = operations;
        TrackedDownload download = new TrackedDownload(policy.allowing(settings.trustedHosts()),
                settings.connectTimeout(), settings.downloadTimeout(), maxBytes, settings.downloadAttempts());
        this.run = new ProvisioningRun.Context(instances, download,
                new VanillaCore(download, settings.mojangMetaUrl(), settings.bmclapiUrl()), settings.bmclapiUrl(), downloads,
                fs);
        deleteLeftovers(downloads);
    }

    /** §3: a new plan (or the idempotently existing one) for {@code creator}, the connection subject. */
    public PlanSnapshot resolve(String provider, String instanceName, String minecraftVersion, String source,
            String mirror, String javaPath, String creator, String idempotencyKey, Duration expiry)
            throws IOException {
        List<PlanSnapshot.Unresolved> unresolved = new ArrayList<>();
        if (instanceName.isBlank()) {
            unresolved.add(new PlanSnapshot.Unresolved("provisioning.instance_name.required",
                    "An instance name is required.", "instance_name"));
        }
        if (minecraftVersion.isBlank()) {
            unresolved.add(new PlanSnapshot.Unresolved("provisioning.minecraft_version.required",
                    "A Minecraft version is required.", "minecraft_version"));
        }
        if (source == null || source.isBlank()) {
            unresolved.add(new PlanSnapshot.Unresolved("provisioning.source.required",
                    "A source (server jar or installer URL, or a daemon-root path) is required.", "source"));
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("kind", PLAN_KIND);
        // decisions.md #14: a null or empty java_path stays null in the plan
        String java = javaPath == null || javaPath.isEmpty() ? null : javaPath;
        PlanSnapshot draft = new PlanSnapshot(null, null, PLAN_KIND, PlanSnapshot.Status.BLOCKED, "routine",
                PERMISSIONS, false, creator, null, null, List.copyOf(unresolved), provider, instanceName,
                minecraftVersion, source, mirror, java, null, payload, null, null);
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey;
        return plans.create(draft, creator, key, expiry);
    }

    /** §4: any kind, but only for its creator. */
    public PlanSnapshot get(UUID planId, String caller) throws IOException {
        PlanSnapshot p = plans.get(planId);
        if (!p.creatorPrincipal().equals(caller)) {
            throw new PlanError("plan.forbidden", DaemonErrorKind.PERMISSION);
        }
        return p;
    }

    /** §5: admission (§2.4), the kind-specific checks, then the operation; its accepted snapshot. */
    public OperationSnapshot execute(UUID planId, String executor) throws IOException {
        PlanSnapshot p = plans.admit(planId, PLAN_KIND, executor);
        InstanceType type = PROVIDERS.get(p.provider());
        try {
            if (type == null) {
                throw new OperationError("provisioning.provider.unsupported", DaemonErrorKind.VALIDATION,
                        "The provider '" + p.provider() + "' is not supported.");
            }
            if (p.source() == null || p.source().isBlank()) {
                throw new OperationError("provisioning.source.required", DaemonErrorKind.VALIDATION,
                        "The plan has no source.");
            }
        } catch (RuntimeException e) {
            plans.release(planId);
            throw e;
        }
        try {
            return operations.submit(KIND_EXECUTE, planId.toString(), executor,
                    ctx -> new ProvisioningRun(run, p, type, ctx).call(), terminal -> plans.consume(planId));
        } catch (RuntimeException e) {
            plans.release(planId);
            throw e;
        }
    }

    private static void deleteLeftovers(Path downloads) {
        if (!Files.isDirectory(downloads)) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(downloads, WORK_PREFIX + "*")) {
            for (Path p : s) {
                ProvisioningRun.deleteTree(p);
            }
        } catch (IOException e) {
            LOG.warn("leftover provisioning downloads not deleted: {}", e.toString());
        }
    }
}
