package dev.mfp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every vector of permissions.md §3. */
class PermissionsTest {
    @ParameterizedTest(name = "#{0}: {1} vs {2} -> {3}")
    @CsvSource({
            "1, a.b, a.b, true",
            "2, a.b, a.b.c, true",
            "3, a.b.c, a.b, false",
            "4, a.b, a.bc, false",
            "5, a.*, a.b, true",
            "6, a.*, a, false",
            "7, a.*, a.b.c, true",
            "8, a.*.c, a.b.c.d, true",
            "9, a.*.c, a.b.d, false",
            "10, a.**, a.b.c, true",
            "11, a.**, a, false",
            "12, a.**.d, a.b.c.d.e, true",
            "13, a.b.**.c, a.b.c, false",
            "14, a.b.**.c, a.b.x.c, true",
            "15, *, mcsl.daemon.java_list, true",
            "16, **, x, true",
            "17, mcsl.daemon.file, mcsl.daemon.file.upload, true",
            "18, mcsl.daemon.file.upload, mcsl.daemon.file, false",
            "19, mcsl.daemon.file.*, mcsl.daemon.file.info.directory, true",
            "20, mcsl.daemon.*.upload, mcsl.daemon.file.upload, true",
            "21, mcsl.**, *, false",
            "22, *, *, true",
            "23, a-b.c_d, a-b.c_d.e, true"})
    void matchingVectors(int n, String granted, String required, boolean expected) {
        assertThat(Permissions.matches(granted, required)).isEqualTo(expected);
        assertThat(Permissions.parse(granted).allows(required)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "**", "a", "a.b-c.d_e", "a.*.**", "mcsl.daemon.file.**,mcsl.daemon.java_list"})
    void validLists(String list) {
        assertThat(Permissions.isValidList(list)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.", ".a", "a..b", "a.b*", "a.***", "a.1", "a b", "a,", "a, b", ",a", "a\n", "é"})
    void invalidLists(String list) {
        assertThat(Permissions.isValidList(list)).isFalse();
        assertThatThrownBy(() -> Permissions.parse(list)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullIsInvalid() {
        assertThat(Permissions.isValidList(null)).isFalse();
        assertThat(Permissions.isValidPermission(null)).isFalse();
    }

    @Test
    void listKeepsOrderAndAnyGrantMatches() {
        Permissions p = Permissions.parse("mcsl.daemon.file.**,mcsl.daemon.java_list");
        assertThat(p.granted()).containsExactly("mcsl.daemon.file.**", "mcsl.daemon.java_list");
        assertThat(p.allows("mcsl.daemon.java_list")).isTrue();
        assertThat(p.allows("mcsl.daemon.file.upload")).isTrue();
        assertThat(p.allows("mcsl.daemon.instance.start")).isFalse();
        assertThat(p.allows(null)).isTrue();
    }

    @Test
    void everyActionNodeIsAValidPlainPermission() {
        for (Action a : Action.values()) {
            if (a.permission() != null) {
                assertThat(Permissions.isValidPermission(a.permission())).as(a.wire()).isTrue();
                assertThat(a.permission()).doesNotContain("*");
                assertThat(Permissions.ALL.allows(a.permission())).isTrue();
            }
        }
    }

    /** The grammar of permissions.md §1 as the regex it used to be checked with, for a differential test. */
    private static final java.util.regex.Pattern REFERENCE_LIST = java.util.regex.Pattern.compile(
            "(?:(?:[A-Za-z_-]+|\\*{1,2})\\.)*(?:[A-Za-z_-]+|\\*{1,2})(?:,(?:(?:[A-Za-z_-]+|\\*{1,2})\\.)*(?:[A-Za-z_-]+|\\*{1,2}))*");

    @Test
    void linearValidatorAgreesWithTheGrammarOnRandomShortTexts() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "ab_-*.,Z1 ";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder();
            int len = random.nextInt(12);
            for (int i = 0; i < len; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String t = b.toString();
            assertThat(Permissions.isValidList(t)).as("'%s'", t).isEqualTo(REFERENCE_LIST.matcher(t).matches());
            assertThat(Permissions.isValidPermission(t)).as("'%s'", t)
                    .isEqualTo(!t.contains(",") && REFERENCE_LIST.matcher(t).matches());
        }
    }

    @Test
    void listsAreBoundedInNodesAndLongListsDoNotOverflowTheStack() {
        String max = String.join(",", java.util.Collections.nCopies(Permissions.MAX_NODES, "mcsl.daemon.file.**"));
        assertThat(Permissions.isValidList(max)).isTrue();
        assertThat(Permissions.parse(max).granted()).hasSize(Permissions.MAX_NODES);
        assertThat(Permissions.isValidList(max + ",a")).isFalse();
        // 30,000 nodes once made the regex validator throw StackOverflowError
        assertThat(Permissions.isValidList(String.join(",", java.util.Collections.nCopies(30_000, "a")))).isFalse();
        assertThat(Permissions.isValidList("a".repeat(100_000))).isTrue();
    }
}
