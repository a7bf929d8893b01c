package dev.mfp.protocol.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-connection grants of permissions.md §3–§5: vectors #11, #13–#15, token issue and the set's own rules. */
class V2PermissionSetTest {
    @Test
    void vector11NoGrantsDenyAMethod() {
        assertThat(V2PermissionSet.NONE.allows("mcsl.directory.create")).isFalse();
    }

    @Test
    void vector13RootGrantCoversTheEventPermission() {
        assertThat(V2PermissionSet.of(List.of("*")).allows("*")).isTrue();
    }

    @Test
    void vector14NoGrantsDenyTheEventPermission() {
        assertThat(V2PermissionSet.NONE.allows("*")).isFalse();
    }

    @Test
    void vector15AnyGrantMayCover() {
        V2PermissionSet grants = V2PermissionSet.of(List.of("mcsl.instance.*", "mcsl.operation.get"));
        assertThat(grants.allows("mcsl.instance.start")).isTrue();
        assertThat(grants.allows("mcsl.operation.get")).isTrue();
        assertThat(grants.allows("mcsl.operation.cancel")).isFalse();
        assertThat(grants.allows("mcsl.auth.token.issue")).isFalse();
    }

    @Test
    void mainTokenGrantsAreTheRoot() {
        assertThat(V2PermissionSet.ALL.patterns()).containsExactly("*");
        assertThat(V2PermissionSet.ALL.isAll()).isTrue();
        assertThat(V2PermissionSet.ALL.allows("mcsl.instance.settings.get")).isTrue();
        assertThat(V2PermissionSet.ALL).isEqualTo(V2PermissionSet.of(List.of("*", "*")));
    }

    @Test
    void isAllMeansHoldingExactlyTheRootGrant() {
        assertThat(V2PermissionSet.of(List.of("mcsl.daemon.ping", "*")).isAll()).isTrue();
        assertThat(V2PermissionSet.of(List.of("**")).isAll()).isFalse();
        assertThat(V2PermissionSet.of(List.of("*.**", "**")).isAll()).isFalse();
        assertThat(V2PermissionSet.NONE.isAll()).isFalse();
    }

    @Test
    void doubleStarGrantsEveryMethodButNotTheEventPermission() {
        V2PermissionSet grants = V2PermissionSet.of(List.of("**"));
        assertThat(grants.allows("mcsl.daemon.ping")).isTrue();
        assertThat(grants.allows("rpc.discover")).isTrue();
        assertThat(grants.allows("*")).isFalse();
    }

    @Test
    void patternsAreDeduplicatedAndSortedOrdinally() {
        V2PermissionSet grants = V2PermissionSet.of(
                List.of("mcsl.instance.**", "mcsl.daemon.ping", "mcsl.instance.**", "a_b", "a-b", "a.b", "a1", "*"));
        assertThat(grants.patterns())
                .containsExactly("*", "a-b", "a.b", "a1", "a_b", "mcsl.daemon.ping", "mcsl.instance.**");
        assertThat(grants.patterns()).isUnmodifiable();
    }

    @Test
    void permissionsGetExampleOrder() {
        assertThat(V2PermissionSet.of(List.of("mcsl.instance.**", "mcsl.daemon.ping")).patterns())
                .containsExactly("mcsl.daemon.ping", "mcsl.instance.**");
    }

    @Test
    void aListThatCannotBeCompiledGrantsNothing() {
        V2PermissionSet grants = V2PermissionSet.of(List.of("mcsl.daemon.ping", "mcsl.**.start"));
        assertThat(grants).isSameAs(V2PermissionSet.NONE);
        assertThat(grants.allows("mcsl.daemon.ping")).isFalse();
        assertThat(grants.patterns()).isEmpty();
        assertThat(V2PermissionSet.of(Arrays.asList("*", null))).isSameAs(V2PermissionSet.NONE);
        assertThat(V2PermissionSet.of(List.of("*", " mcsl.daemon.ping"))).isSameAs(V2PermissionSet.NONE);
        assertThat(V2PermissionSet.of(List.of())).isSameAs(V2PermissionSet.NONE);
    }

    @Test
    void ofANullCollectionIsAProgrammingError() {
        assertThatThrownBy(() -> V2PermissionSet.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void parsedClaimBuildsTheSameSet() {
        assertThat(V2PermissionSet.of(V2Permissions.parseClaim(" mcsl.instance.*, mcsl.operation.get,,")))
                .isEqualTo(V2PermissionSet.of(List.of("mcsl.operation.get", "mcsl.instance.*")));
    }

    @Test
    void invalidRequiredNamesAreDenied() {
        assertThat(V2PermissionSet.ALL.allows(null)).isFalse();
        assertThat(V2PermissionSet.ALL.allows("")).isFalse();
        assertThat(V2PermissionSet.ALL.allows("Mcsl.daemon.ping")).isFalse();
        assertThat(V2PermissionSet.of(List.of("a.*")).allows("a.")).isFalse();
    }

    @Test
    void tokenIssueMainTokenCoversTheRequestedPatterns() {
        assertThat(V2PermissionSet.ALL.coversPattern("mcsl.instance.start")).isTrue();
        assertThat(V2PermissionSet.ALL.coversPattern("mcsl.instance.stop")).isTrue();
        assertThat(V2PermissionSet.ALL.coversPattern("**")).isTrue();
    }

    @Test
    void tokenIssueBareRootIsNeverIssuable() {
        assertThat(V2Permissions.isIssuable("*")).isFalse();
    }

    @Test
    void coversPatternNeedsOneGrantCoveringTheWholePattern() {
        V2PermissionSet grants = V2PermissionSet.of(List.of("mcsl.instance.*", "mcsl.file.**"));
        assertThat(grants.coversPattern("mcsl.instance.start")).isTrue();
        assertThat(grants.coversPattern("mcsl.instance.*")).isTrue();
        assertThat(grants.coversPattern("mcsl.instance.**")).isFalse();
        assertThat(grants.coversPattern("mcsl.file.upload.*")).isTrue();
        assertThat(grants.coversPattern("mcsl.file.**")).isTrue();
        assertThat(grants.coversPattern("mcsl.*.start")).isFalse();
        assertThat(grants.coversPattern("*")).isFalse();
        assertThat(grants.coversPattern("**")).isFalse();
        assertThat(grants.coversPattern("mcsl.file.**.x")).isFalse();

        V2PermissionSet split = V2PermissionSet.of(List.of("a.*", "a.*.**"));
        assertThat(split.coversPattern("a.**")).isFalse();
    }
}
