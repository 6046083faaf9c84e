package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BoundedLinesTest {
  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    BoundedLines.forEach(new ByteArrayInputStream(text.getBytes(Charset.defaultCharset())), out::add);
    return out;
  }

  @Test
  void linesAreSplitCutWhenLongAndTheLastOneKept() {
    assertThat(lines("a\r\nb\n\nc")).containsExactly("a", "b", "", "c");
    String huge = "x".repeat(BoundedLines.MAX_LINE * 3);
    assertThat(lines(huge + "\nnext\n" + huge))
        .containsExactly("x".repeat(BoundedLines.MAX_LINE) + " [cut]", "next", "x".repeat(BoundedLines.MAX_LINE) + " [cut]");
    assertThat(lines("")).isEmpty();
  }
}
