package dev.mfp.protocol.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every grammar, matching and list vector of permissions.md §1, §2 and §5, and decisions.md #17. */
class V2PermissionsTest {
    @ParameterizedTest(name = "#{0}: {1} covers {2} -> {3}")
    @CsvSource({
            "1, mcsl.instance.start, mcsl.instance.start, true",
            "2, mcsl.instance.start, mcsl.instance.start.child, false",
            "3, mcsl.instance.*, mcsl.instance.start, true",
            "4, mcsl.instance.*, mcsl.instance.settings.get, false",
            "5, mcsl.instance.*, mcsl.instance, false",
            "6, mcsl.instance.**, mcsl.instance.start, true",
            "7, mcsl.instance.**, mcsl.instance.settings.get, true",
            "8, mcsl.instance.**, mcsl.instance, false",
            "9, *, mcsl.instance.settings.get, true",
            "10, mcsl.directory.**, mcsl.directory.create, true",
            "12, plugin.1plugin.rpc.get, plugin.1plugin.rpc.get, true",
            "13, *, *, true",
            "16, **, mcsl.daemon.ping, true",
            "17, **, *, false",
            "18, mcsl.**, mcsl, false",
            "19, mcsl.**, rpc.discover, false",
            "20, mcsl.*.ping, mcsl.daemon.ping, true",
            "21, mcsl.instance, mcsl.instance.start, false",
            "22, mcsl.file.**, mcsl.file.upload.open, true",
            "23, mcsl.file.*, mcsl.file.upload.open, false",
            "24, mcsl.instance.event-rules.*, mcsl.instance.event-rules.update, true",
            "25, *.*.*, mcsl.daemon.ping, true",
            "26, *.*, mcsl.daemon.ping, false",
            "27, *.discover, rpc.discover, true"})
    void matchingVectors(int n, String grant, String required, boolean expected) {
        assertThat(V2Permissions.covers(grant, required)).isEqualTo(expected);
        assertThat(V2PermissionSet.of(List.of(grant)).allows(required)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "§2: {0} covers {1} -> {2}")
    @CsvSource({
            "mcsl.instance, mcsl.instance.start, false",
            "mcsl.instance.*, mcsl.instance.start, true",
            "mcsl.instance.*, mcsl.instance.settings.get, false",
            "mcsl.instance.*, mcsl.instance, false",
            "mcsl.instance.**, mcsl.instance.settings.get, true",
            "mcsl.instance.**, mcsl.instance, false",
            "**, rpc.discover, true",
            "**, mcsl.instance.event-rules.get, true",
            "**, *, false",
            "mcsl.instance.*, *, false",
            "*, *, true"})
    void consequencesOfSectionTwo(String grant, String required, boolean expected) {
        assertThat(V2Permissions.covers(grant, required)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "§4.1: {0} covers {1}")
    @CsvSource({
            "mcsl.file.upload.*, mcsl.file.upload.open",
            "mcsl.file.upload.*, mcsl.file.upload.close",
            "mcsl.file.upload.*, mcsl.file.upload.cancel",
            "mcsl.file.download.*, mcsl.file.download.open",
            "mcsl.file.download.*, mcsl.file.download.read"})
    void migrationWildcardsOfSectionFourOne(String grant, String required) {
        assertThat(V2Permissions.covers(grant, required)).isTrue();
    }

    @ParameterizedTest(name = "edge: {0} covers {1} -> {2}")
    @CsvSource({
            "a.*.**, a.b, false",
            "a.*.**, a.b.c, true",
            "a.*.**, a.b.c.d, true",
            "a.b, a.B, false",
            "a.b, a.b., false",
            "a.b, a..b, false",
            "*.b, a..b, false",
            "mcsl.instance.start, 'mcsl.instance.start ', false",
            "a-b, a_b, false",
            "1, 1, true",
            "*, A.b, false",
            "**, a.**.b, false"})
    void edgeCases(String grant, String required, boolean expected) {
        assertThat(V2Permissions.covers(grant, required)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "pattern subset: {0} covers {1} -> {2}")
    @CsvSource({
            "a.**, a.*, true",
            "a.**, a.**, true",
            "a.**, a.*.**, true",
            "a.**, a.b.**, true",
            "a.*, a.*, true",
            "a.*, a.**, false",
            "a.*, *.*, false",
            "*.*, a.*, true",
            "*.*, *.b, true",
            "a.b, a.*, false",
            "a.*.**, a.**, false",
            "**, **, true",
            "**, *.**, true",
            "*.**, **, false",
            "*, **, true",
            "**, *, false"})
    void patternsCoveringPatterns(String grant, String required, boolean expected) {
        assertThat(V2Permissions.covers(grant, required)).isEqualTo(expected);
    }

    @Test
    void invalidGrantsCoverNothing() {
        assertThat(V2Permissions.covers("mcsl.**.start", "mcsl.x")).isFalse();
        assertThat(V2Permissions.covers("mcsl.Instance.*", "mcsl.Instance.start")).isFalse();
        assertThat(V2Permissions.covers(" *", "a")).isFalse();
        assertThat(V2Permissions.covers(null, "a")).isFalse();
        assertThat(V2Permissions.covers("*", null)).isFalse();
    }

    @ParameterizedTest(name = "valid: \"{0}\"")
    @ValueSource(strings = {"*", "**", "a", "1", "1a", "a_b", "a-b.c_d", "a.*", "a.**", "*.a", "a.*.**",
            "plugin.1plugin.rpc.get", "mcsl.instance.start", "mcsl.instance.*", "mcsl.instance.**",
            "mcsl.directory.**", "mcsl.*.ping", "mcsl.instance.event-rules.*", "*.*.*", "*.discover",
            "a1", "1-1", "a--b", "a__b", "a.*.*", "*.**", "0.9"})
    void validPatterns(String pattern) {
        assertThat(V2Permissions.isValidPattern(pattern)).isTrue();
        assertThat(V2Permissions.isValidList(pattern)).isTrue();
    }

    @ParameterizedTest(name = "invalid: \"{0}\"")
    @ValueSource(strings = {"", " ", ".mcsl.instance.start", "mcsl.instance.start.", "mcsl..instance.start",
            "mcsl.**.start", "mcsl.in*stance.start", "mcsl.instance.st**", "mcsl.Instance.start", "mcsl.instance-",
            " mcsl.instance.start", "mcsl.instance.start ",
            "a.**.b", "**.a", "a.***", "a*", "-a", "a_", "A", "a..b", "a b",
            "***", "*a", "_a", "a-", ".", "..", "*.", ".*", "a,b", "é", "a\tb", "a\n", "ａ", "a.b/c"})
    void invalidPatterns(String pattern) {
        assertThat(V2Permissions.isValidPattern(pattern)).isFalse();
        assertThat(V2PermissionSet.of(List.of(pattern))).isSameAs(V2PermissionSet.NONE);
    }

    @ParameterizedTest
    @NullSource
    void nullIsNoPattern(String pattern) {
        assertThat(V2Permissions.isValidPattern(pattern)).isFalse();
        assertThat(V2Permissions.isValidList(pattern)).isFalse();
        assertThat(V2Permissions.parseClaim(pattern)).isNull();
        assertThat(V2Permissions.isIssuable(pattern)).isFalse();
    }

    @ParameterizedTest(name = "valid list: \"{0}\"")
    @ValueSource(strings = {"mcsl.daemon.ping,mcsl.java.list", "*,mcsl.daemon.ping", "a", "b,a,b", "**,*"})
    void validLists(String claim) {
        assertThat(V2Permissions.isValidList(claim)).isTrue();
    }

    @ParameterizedTest(name = "invalid list: \"{0}\"")
    @ValueSource(strings = {"a,", ",a", "a,,b", "a, b", "", ",", " a", "a ", "a,B", "a;b"})
    void invalidLists(String claim) {
        assertThat(V2Permissions.isValidList(claim)).isFalse();
    }

    @ParameterizedTest(name = "claim \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "mcsl.daemon.ping,mcsl.java.list|mcsl.daemon.ping,mcsl.java.list",
            "*,mcsl.daemon.ping|*,mcsl.daemon.ping",
            "mcsl.daemon.ping,*|*,mcsl.daemon.ping",
            "a,|a",
            ",a|a",
            "a,,b|a,b",
            "'a, b'|a,b",
            "' a ,b\t, , '|a,b",
            "b,a,b,a|a,b",
            "mcsl.instance.**,mcsl.daemon.ping|mcsl.daemon.ping,mcsl.instance.**",
            "ab,a_b,a1,a.b,a-b|a-b,a.b,a1,a_b,ab",
            "**,*,*.**|*,**,*.**"})
    void claimsAreTrimmedDeduplicatedAndSorted(String claim, String expected) {
        assertThat(V2Permissions.parseClaim(claim)).isEqualTo(List.of(expected.split(",")));
    }

    @ParameterizedTest(name = "refused claim: \"{0}\"")
    @ValueSource(strings = {"", " ", ",", " , ,", "a,B", "a,mcsl.**.start", "a b", "a,a b", "a\u00a0", "\u00a0a",
            "a\u0000", "a,.b", "ａ"})
    void claimsWithAnInvalidOrNoEntryAreRefused(String claim) {
        assertThat(V2Permissions.parseClaim(claim)).isNull();
    }

    @Test
    void parsedClaimIsUnmodifiable() {
        List<String> parsed = V2Permissions.parseClaim("b,a");
        assertThat(parsed).containsExactly("a", "b");
        assertThat(parsed).isUnmodifiable();
    }

    @Test
    void issuablePatterns() {
        assertThat(V2Permissions.isIssuable("mcsl.instance.start")).isTrue();
        assertThat(V2Permissions.isIssuable("**")).isTrue();
        assertThat(V2Permissions.isIssuable("*")).isFalse();
        assertThat(V2Permissions.isIssuable("")).isFalse();
        assertThat(V2Permissions.isIssuable("mcsl.**.start")).isFalse();
    }
}
