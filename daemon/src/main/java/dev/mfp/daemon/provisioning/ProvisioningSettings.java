package dev.mfp.daemon.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code provisioning} section of {@code config.json} (decisions.md #1: a nested object).
 *
 * @param mojangMetaUrl base of the Mojang launcher metadata: the version manifest is
 *                      {@code <base>/mc/game/version_manifest_v2.json} (default {@code https://piston-meta.mojang.com})
 * @param bmclapiUrl base of the BMCLAPI mirror (default {@code https://bmclapi2.bangbang93.com}): the version JSON is
 *                   {@code <base>/version/<v>/json}, the server jar {@code <base>/version/<v>/server}
 * @param connectTimeout connect timeout of every provisioning download, and how long a started download may stall
 *                       without a byte (default 30 s, provisioning.md §6)
 * @param downloadTimeout total time limit of one download (default 30 min)
 * @param downloadAttempts how often a download cut short is resumed (HTTP range) before it fails (default 3)
 * @param maxPlans plans kept in {@code plans/index.json} (default 1024); beyond it the oldest consumed or expired
 *                 plans are dropped, and a new plan is refused ({@code plan.limit}) if only live plans remain
 * @param maxLivePlansPerPrincipal live (blocked, ready, executing) plans one subject may hold (default 64)
 */
public record ProvisioningSettings(URI mojangMetaUrl, URI bmclapiUrl, Duration connectTimeout,
        Duration downloadTimeout, int downloadAttempts, int maxPlans, int maxLivePlansPerPrincipal) {
    public static final URI MOJANG_META = URI.create("https://piston-meta.mojang.com");
    public static final URI BMCLAPI = URI.create("https://bmclapi2.bangbang93.com");

    public static ProvisioningSettings defaults() {
        return new ProvisioningSettings(MOJANG_META, BMCLAPI, Duration.ofSeconds(30), Duration.ofMinutes(30), 3, 1024,
                64);
    }

    public static ProvisioningSettings fromConfig(JsonNode tree) throws IOException {
        JsonNode s = tree == null ? null : tree.get("provisioning");
        ProvisioningSettings d = defaults();
        if (s == null || s.isNull()) {
            return d;
        }
        if (!s.isObject()) {
            throw new IOException("config.json: provisioning must be an object");
        }
        return new ProvisioningSettings(url(s, "mojang_meta_url", d.mojangMetaUrl()),
                url(s, "bmclapi_url", d.bmclapiUrl()),
                Duration.ofSeconds(positive(s, "connect_timeout_seconds", d.connectTimeout().toSeconds())),
                Duration.ofSeconds(positive(s, "download_timeout_seconds", d.downloadTimeout().toSeconds())),
                (int) positive(s, "download_attempts", d.downloadAttempts()),
                (int) positive(s, "max_plans", d.maxPlans()),
                (int) positive(s, "max_live_plans_per_principal", d.maxLivePlansPerPrincipal()));
    }

    private static URI url(JsonNode s, String name, URI dflt) throws IOException {
        JsonNode v = s.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        String text = v.isTextual() ? v.textValue().trim() : "";
        try {
            URI u = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return u;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new IOException("config.json: provisioning." + name + " must be an http(s) URL");
    }

    private static long positive(JsonNode s, String name, long dflt) throws IOException {
        JsonNode v = s.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            throw new IOException("config.json: provisioning." + name + " must be an int32 >= 1");
        }
        return v.intValue();
    }

    /** {@code host:port} of the configured bases: the operator chose them, so they pass the address policy. */
    public java.util.List<String> trustedHosts() {
        return java.util.List.of(hostPort(mojangMetaUrl), hostPort(bmclapiUrl));
    }

    static String hostPort(URI u) {
        int port = u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        return u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
