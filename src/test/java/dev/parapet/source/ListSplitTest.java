package dev.parapet.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.perf.ClusterGenerator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing a List document in slices must give exactly what parsing it whole gives. */
class ListSplitTest {
  private static final YamlReader READER = new YamlReader(Limits.DEFAULT);

  private static YamlReader.Chunk chunk(String text) {
    List<YamlReader.Chunk> chunks = YamlReader.cut("dump.yaml", text);
    assertThat(chunks).hasSize(1);
    return chunks.get(0);
  }

  /** Every node with position, type, value, pointer and key positions, one per line. */
  static String dump(YamlReader.ChunkResult r) {
    StringBuilder sb = new StringBuilder();
    for (Document d : r.documents()) {
      sb.append("doc ").append(d.index()).append(' ').append(d.helmSource()).append('\n');
      dump(d.root(), sb);
    }
    for (Problem p : r.problems()) {
      sb.append(p).append('\n');
    }
    return sb.toString();
  }

  private static void dump(Node n, StringBuilder sb) {
    sb.append(n.pointer()).append(' ').append(n.line()).append(':').append(n.column());
    if (n instanceof ScalarNode s) {
      sb.append(' ').append(s.type()).append(' ').append(s.value()).append('\n');
    } else if (n instanceof MapNode m) {
      sb.append(" map ").append(m.entries()).append('\n');
      for (int i = 0; i < m.entries(); i++) {
        sb.append("  key ").append(m.key(i)).append(' ').append(m.keyLine(i));
        sb.append(':').append(m.keyColumn(i)).append('\n');
        requireParent(m.value(i), m);
        dump(m.value(i), sb);
      }
    } else if (n instanceof SeqNode s) {
      sb.append(" seq ").append(s.length()).append('\n');
      for (int i = 0; i < s.length(); i++) {
        requireParent(s.get(i), s);
        dump(s.get(i), sb);
      }
    }
  }

  private static void requireParent(Node child, Node parent) {
    if (child.parent() != parent) {
      throw new AssertionError("wrong parent of " + child.pointer());
    }
  }

  private static void assertSplitEqualsWhole(String text, int sliceChars) {
    YamlReader.Chunk chunk = chunk(text);
    YamlReader.ChunkResult whole = READER.parseSequential(chunk);
    YamlReader.ChunkResult split = ListSplit.parse(READER, chunk, text, null, sliceChars);
    assertThat(split).as("the layout should be split").isNotNull();
    String expected = dump(whole);
    String actual = dump(split);
    if (!actual.equals(expected)) {
      assertThat(actual.lines()).containsExactlyElementsOf(expected.lines().toList());
    }
  }

  @Test
  void splitParseOfGeneratedDumpEqualsWholeParse() {
    String text = ClusterGenerator.list(7, 400);
    ListSplit.Plan plan = ListSplit.plan(text, 1, 8 << 10);
    assertThat(plan.sliceStarts().length).isGreaterThan(50);

    assertSplitEqualsWhole(text, 8 << 10);
    assertSplitEqualsWhole(text, 1);
  }

  @Test
  void publicParseSplitsLargeDumpWithTheSameResult() {
    String text = ClusterGenerator.list(3, 600);
    assertThat(text.length()).isGreaterThan(ListSplit.MIN_CHARS);
    YamlReader.Chunk chunk = chunk(text);

    assertThat(dump(READER.parse(chunk)).equals(dump(READER.parseSequential(chunk)))).isTrue();
  }

  @Test
  void splitsIndentedItemsWindowsLineEndingsAndKeepsDuplicateKeyProblems() {
    String text =
        """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Pod
            metadata:
              name: a
              name: a2
          # a comment between items
          - apiVersion: v1
            kind: Pod
            data: |
              - not an item
              items:
            metadata: {name: b}

          - kind: Pod
            metadata:
              managedFields:
              - manager: x
              name: c
        metadata:
          resourceVersion: ""
        """;
    assertSplitEqualsWhole(text, 1);
    assertSplitEqualsWhole(text.replace("\n", "\r\n"), 1);
    assertThat(dump(ListSplit.parse(READER, chunk(text), text, null, 1)))
        .contains("dump.yaml:8:7: duplicate key \"name\" (first at line 7)");
  }

  @Test
  void fallsBackWhenSlicesCannotBeParsedAlone() {
    // anchors and aliases may cross slices
    assertNotSplit("items:\n- &a {kind: Pod}\n- *a\n");
    // a quoted scalar continued at column 0 hides an item line
    assertNotSplit("items:\n- a: \"one\n- b\"\n- c\nkind: List\n");
    // the frame does not parse: items key found inside a flow collection
    assertNotSplit("x: [\nitems:\n- a\n]\n");
    // a second items key wins in a whole parse
    assertNotSplit("items:\n- a\n- b\nkind: List\nitems:\n- c\n");
    // a syntax error in one item
    assertNotSplit("items:\n- a: [\n- b: 1\n");
    // no items sequence at all
    assertThat(ListSplit.plan("items: []\nkind: List\n", 1, 1)).isNull();
    assertThat(ListSplit.plan("items:\nkind: List\n", 1, 1)).isNull();
    assertThat(ListSplit.plan("{\"items\": [1, 2]}\n", 1, 1)).isNull();
  }

  private static void assertNotSplit(String text) {
    YamlReader.Chunk chunk = chunk(text);
    assertThat(ListSplit.parse(READER, chunk, text, null, 1)).isNull();
    // and the public entry point still gives the whole parse
    assertThat(dump(READER.parse(chunk))).isEqualTo(dump(READER.parseSequential(chunk)));
  }

  @Test
  void splitDumpBuildsTheSameInventoryAsMultiDocumentDump() {
    ParsedFile list =
        READER.read("l.yaml", ClusterGenerator.list(5, 300).getBytes(StandardCharsets.UTF_8));
    ParsedFile multi =
        READER.read(
            "m.yaml", ClusterGenerator.multiDocument(5, 300).getBytes(StandardCharsets.UTF_8));

    assertThat(list.problems()).isEmpty();
    assertThat(multi.problems()).isEmpty();
    assertThat(multi.documents()).hasSize(300);
    SeqNode items = ((MapNode) list.documents().get(0).root()).seq("items").orElseThrow();
    assertThat(items.length()).isEqualTo(300);
    assertThat(items.get(299).pointer()).isEqualTo("/items/299");
  }
}
