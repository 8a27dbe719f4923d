package dev.parapet.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.perf.ClusterGenerator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fast reader must build exactly what snakeyaml-engine's events build: same nodes, positions,
 * pointers and problems, or give up.
 */
class BlockYamlTest {
  private static final YamlReader FAST = new YamlReader(Limits.DEFAULT, true);
  private static final YamlReader FULL = new YamlReader(Limits.DEFAULT, false);

  private static String parse(YamlReader reader, String text) {
    StringBuilder sb = new StringBuilder();
    for (YamlReader.Chunk chunk : YamlReader.cut("t.yaml", text)) {
      sb.append(ListSplitTest.dump(reader.parseSequential(chunk)));
    }
    return sb.toString();
  }

  /** True when the fast reader accepted every chunk of the text. */
  private static boolean accepted(String text) {
    for (YamlReader.Chunk chunk : YamlReader.cut("t.yaml", text)) {
      try {
        YamlReader.Builder builder =
            FAST.new Builder("t.yaml", chunk.firstLine(), 0, false, new ArrayList<>());
        BlockYaml.parse(
            chunk.text(), 0, chunk.text().length(), chunk.firstLine(), builder, new ArrayList<>());
      } catch (RuntimeException e) {
        // Bail, or a limit that the full parser reports
        return false;
      }
    }
    return true;
  }

  private static void assertSame(String text) {
    String expected = parse(FULL, text);
    String actual = parse(FAST, text);
    if (!actual.equals(expected)) {
      assertThat(actual.lines()).as(text).containsExactlyElementsOf(expected.lines().toList());
    }
  }

  /**
   * Differential test over every real manifest we have: upstream's Pod Security, RBAC and
   * NetworkPolicy corpora, our fixtures and examples. Whatever the fast reader accepts must come
   * out exactly as snakeyaml-engine's events build it.
   */
  @Test
  void readsEveryRealManifestLikeSnakeyaml() throws java.io.IOException {
    List<java.nio.file.Path> roots =
        List.of(
            java.nio.file.Path.of("..", "shared", "corpus"),
            java.nio.file.Path.of("src", "test", "resources"),
            java.nio.file.Path.of("examples"));
    int files = 0;
    int accepted = 0;
    for (java.nio.file.Path root : roots) {
      if (!java.nio.file.Files.isDirectory(root)) {
        continue;
      }
      List<java.nio.file.Path> paths;
      try (var walk = java.nio.file.Files.walk(root)) {
        paths =
            walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                .sorted()
                .toList();
      }
      for (java.nio.file.Path f : paths) {
        String text;
        try {
          text = java.nio.file.Files.readString(f);
        } catch (java.nio.charset.MalformedInputException e) {
          continue;
        }
        files++;
        if (accepted(text)) {
          accepted++;
        }
        assertSame(text);
      }
    }
    System.out.printf(
        "fast reader: %d of %d real manifests accepted, all identical%n", accepted, files);
    assertThat(files).isGreaterThan(4500);
    assertThat(accepted).isGreaterThan(files / 2);
  }

  @Test
  void readsGeneratedDumpsLikeSnakeyaml() {
    String multi = ClusterGenerator.multiDocument(11, 250);
    String list = ClusterGenerator.list(11, 250);

    assertThat(accepted(multi)).isTrue();
    assertThat(accepted(list)).isTrue();
    assertSame(multi);
    assertSame(list);
  }

  static final List<String> ACCEPTED =
      List.of(
          "a: 1\n",
          "a: 1\nb:\n  c: x\n  d: [] \ne: {}\n",
          "a:\nb:   \nc: x   \n",
          "items:\n- a\n-\n- b\n-   c\nkind: List\n",
          "- a: 1\n  b: 2\n- c: 3\n-\n  d: 4\n-\n  - x\n",
          "x:\n  - a\n  - b: 1\n    c:\n    - d\n  -\ny: 1\n",
          "k: \"quoted \\\"x\\\" \\\\ \\n \\t \\u00e9 \\x41 caf\u00e9\"\n'single key': 'it''s'\n",
          "\"q:key\": v\n'a b': \"c: d\"\n",
          "a: b:c\nurl: http://x.y/z?a=1#frag\nk:{\"name\":\"app\"}: {}\ne: a#b\nneg: -1\nq: ?x\n",
          "s: |\n  line 1\n\n    indented\n  line 3\n\n\nnext: |-\n  no newline\n  end\nlast: 1\n",
          "- |\n  in a list\n- |-\n  x\n",
          "a:\n  b: |\n    deep\n  c: 1\n",
          "---\napiVersion: v1\nkind: Pod\n",
          "x: yes\ny: \"yes\"\nz: 0x1F\nw: 1.5\nn: null\nt: ~\n",
          "dup: 1\nother: 2\ndup: 3\n",
          "m:\n  <<: {}\n  a: 1\n",
          "  indented: root\n  second: 2\n",
          "tabs: |\n  a\tb\n",
          "k: 'tab\tinside'\n",
          "a: |\n  x  \n  \n \n  y",
          "k:\n- a\n- b",
          "- a:\n- b:\n  c: 1\n-\n",
          "x: 1",
          "\u00e9t\u00e9: \u00fc\u00df\n",
          "a:\n  b:\n    c:\n  d:\ne:\n",
          "list:\n  -   a: 1\n      b: 2\n  -   c\n");

  static final List<String> REFUSED =
      List.of(
          "a: 1 # comment\n",
          "# comment\na: 1\n",
          "a: &x 1\nb: *x\n",
          "a: !!str 1\n",
          "a: >\n  folded\n",
          "a: |+\n  keep\n",
          "a: |2\n    x\n",
          "a: plain\n  continued\n",
          "a: \"multi\n  line\"\n",
          "a: {b: 1}\n",
          "a: [1, 2]\n",
          "? complex\n: key\n",
          "a: 1\r\nb: 2\r\n",
          "- - nested\n",
          "just a scalar\n",
          "{\"json\": true}\n",
          "a: b: c\n",
          "a:\n  b\n",
          "a: 1\n b: 2\n",
          "a:\n\tb: 1\n",
          "emoji: \"\uD83D\uDE00\"\n",
          "a: |\n\n  leading blank\n",
          "a: |\nb: 1\n",
          "a: \"\\/\"\n",
          "%YAML 1.2\n---\na: 1\n",
          "a: 1\n...\n",
          "key : v\n",
          "a:\n- b\n- c\n d: 1\n",
          "- a\nb: 1\n",
          "a: |\n  x\n   \n  y\n");

  @Test
  void acceptsThePlainSubsetWithTheSamePositions() {
    for (String text : ACCEPTED) {
      assertThat(accepted(text)).as(text).isTrue();
      assertSame(text);
    }
  }

  @Test
  void leavesEverythingElseToSnakeyaml() {
    for (String text : REFUSED) {
      assertThat(accepted(text)).as(text).isFalse();
      assertSame(text);
    }
  }

  @Test
  void leavesDeepNestingToSnakeyaml() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      sb.append(" ".repeat(i)).append("k").append(i).append(":\n");
    }
    String text = sb.toString();

    assertThat(accepted(text)).isFalse();
    assertSame(text);
    assertThat(parse(FAST, text)).contains("nesting deeper than 200 levels");
  }
}
