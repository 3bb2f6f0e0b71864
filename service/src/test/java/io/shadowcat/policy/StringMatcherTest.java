package io.shadowcat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class StringMatcherTest {
    @Test
    void exactMatchesOnlyTheSameText() {
        StringMatcher m = StringMatcher.exact("tools/call");
        assertThat(m.matches("tools/call")).isTrue();
        assertThat(m.matches("tools/callx")).isFalse();
        assertThat(m.matches("Tools/call")).isFalse();
        assertThat(m.matches(null)).isFalse();
    }

    @Test
    void prefixMatchesTextStartingWithIt() {
        StringMatcher m = StringMatcher.prefix("files_");
        assertThat(m.matches("files_read")).isTrue();
        assertThat(m.matches("files_")).isTrue();
        assertThat(m.matches("file_read")).isFalse();
        assertThat(m.matches(null)).isFalse();
    }

    @Test
    void globStarIsAnyRunAndQuestionMarkOneCharacterEverythingElseLiteral() {
        StringMatcher m = StringMatcher.glob("file?_*.txt");
        assertThat(m.matches("files_a.txt")).isTrue();
        assertThat(m.matches("files_.txt")).isTrue();
        assertThat(m.matches("file_a.txt")).isFalse();
        assertThat(m.matches("files_aXtxt")).as("the dot is literal").isFalse();
        assertThat(StringMatcher.glob("a+b(c)").matches("a+b(c)")).as("regex characters are literal").isTrue();
        assertThat(StringMatcher.glob("file:///*").matches("file:///etc/passwd")).isTrue();
        assertThat(m.matches(null)).isFalse();
        assertThat(StringMatcher.glob("files_*").matches("files_read")).isTrue();
        assertThat(StringMatcher.glob("files_*").matches("file")).isFalse();
        assertThat(StringMatcher.glob("exact").matches("exact")).isTrue();
        assertThat(StringMatcher.glob("exact").matches("exactly")).isFalse();
        assertThat(StringMatcher.glob("*_admin").matches("delete_admin")).isTrue();
    }

    @Test
    void regexMustMatchTheWholeValue() {
        StringMatcher m = StringMatcher.regex("delete_[a-z]+");
        assertThat(m.matches("delete_user")).isTrue();
        assertThat(m.matches("x_delete_user")).isFalse();
        assertThat(m.matches("delete_user1")).isFalse();
        assertThat(m.matches(null)).isFalse();
        // The literal start is checked first; quantifiers and alternatives must not make it stricter than the regex.
        assertThat(StringMatcher.regex("ab*c").matches("ac")).isTrue();
        assertThat(StringMatcher.regex("ab?c").matches("ac")).isTrue();
        assertThat(StringMatcher.regex("ab{0,2}c").matches("ac")).isTrue();
        assertThat(StringMatcher.regex("ab+c").matches("abbc")).isTrue();
        assertThat(StringMatcher.regex("abc|xyz").matches("xyz")).isTrue();
        assertThat(StringMatcher.regex("(?i)abc").matches("ABC")).isTrue();
        assertThat(StringMatcher.regex("a\\.b").matches("a.b")).isTrue();
        assertThat(StringMatcher.regex("a\\.b").matches("axb")).isFalse();
    }

    @Test
    void inMatchesAnyMemberOfTheSet() {
        StringMatcher m = StringMatcher.in(Set.of("echo", "search"));
        assertThat(m.matches("echo")).isTrue();
        assertThat(m.matches("search")).isTrue();
        assertThat(m.matches("delete")).isFalse();
        assertThat(m.matches(null)).isFalse();
    }
}
