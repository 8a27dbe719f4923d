package dev.parapet.source;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Parses one large {@code List} document on several cores.
 *
 * <p>{@code kubectl get -A -o yaml} prints the whole cluster as a single document, so cutting at
 * document markers leaves one core idle. In its layout the items are a block sequence under a
 * top-level {@code items:} key, each item starting on a line of its own with {@code - } at the
 * sequence's indentation, and no item can continue on a line indented less than that (block
 * scalars, plain scalars and nested collections all need more indentation). The text is cut at
 * those lines into slices that parse independently as sequences; the rest of the document (the
 * frame), with the items' lines blanked so that line numbers stay, parses on its own, and the
 * slices' items are joined under its {@code items} key. Slices start on line boundaries of the
 * original text, so line and column of every node are those of a whole parse, and the joined
 * sequence gives every item its index, hence its pointer.
 *
 * <p>Whenever the plan is not certain to give the same result as parsing the whole document (an
 * anchor or alias in a slice, which may refer across slices; a slice or the frame that does not
 * parse cleanly; an {@code items} key that is not where the scan found it), the document is parsed
 * whole instead, and that parse reports the problems.
 */
final class ListSplit {
  /** Below this size a document is parsed whole: splitting costs more than it saves. */
  static final int MIN_CHARS = 1 << 20;

  private static final int MIN_SLICE_CHARS = 256 << 10;

  private ListSplit() {}

  /** Where the items of a List document are, and how they are cut into slices. */
  record Plan(int itemsLine, int regionStart, int regionEnd, int[] sliceStarts, int[] sliceLines) {}

  /** Parses the chunk in slices, or returns null when it must be parsed whole. */
  static YamlReader.ChunkResult parse(
      YamlReader reader, YamlReader.Chunk chunk, String text, String helm) {
    int cores = Runtime.getRuntime().availableProcessors();
    return parse(reader, chunk, text, helm, Math.max(MIN_SLICE_CHARS, text.length() / (8 * cores)));
  }

  /** As above, with slices of at least {@code sliceChars} characters. */
  static YamlReader.ChunkResult parse(
      YamlReader reader, YamlReader.Chunk chunk, String text, String helm, int sliceChars) {
    Plan plan = plan(text, chunk.firstLine(), sliceChars);
    if (plan == null || plan.sliceStarts().length < 2) {
      return null;
    }
    MapNode frame = parseFrame(reader, chunk, text, plan);
    if (frame == null) {
      return null;
    }
    int n = plan.sliceStarts().length;
    Slice[] slices =
        IntStream.range(0, n)
            .parallel()
            .mapToObj(
                i -> {
                  int to = i + 1 < n ? plan.sliceStarts()[i + 1] : plan.regionEnd();
                  return parseSlice(
                      reader, chunk.file(), text, plan.sliceStarts()[i], to, plan.sliceLines()[i]);
                })
            .toArray(Slice[]::new);
    int total = 0;
    for (Slice s : slices) {
      if (s == null) {
        return null;
      }
      total += s.items().length();
    }
    SeqNode first = slices[0].items();
    SeqNode items = new SeqNode(first.line(), first.column());
    items.ensureCapacity(total);
    List<Problem> problems = new ArrayList<>();
    for (Slice s : slices) {
      SeqNode part = s.items();
      for (int j = 0; j < part.length(); j++) {
        items.add(part.get(j));
      }
      problems.addAll(s.problems());
    }
    int at = frame.indexOf("items");
    frame.put("items", items, frame.keyLine(at), frame.keyColumn(at));
    Document doc = new Document(chunk.file(), chunk.firstDocumentIndex(), frame, helm);
    return new YamlReader.ChunkResult(List.of(doc), problems);
  }

  private record Slice(SeqNode items, List<Problem> problems) {}

  private static Slice parseSlice(
      YamlReader reader, String file, String text, int from, int to, int firstLine) {
    List<Node> roots = new ArrayList<>(1);
    List<Problem> problems = new ArrayList<>();
    boolean ok = reader.run(file, text, from, to, firstLine, 1, true, roots, problems);
    if (!ok || roots.size() != 1 || !(roots.get(0) instanceof SeqNode seq)) {
      return null;
    }
    return new Slice(seq, problems);
  }

  /** The document without its items: a mapping with a null {@code items} where the scan put it. */
  private static MapNode parseFrame(
      YamlReader reader, YamlReader.Chunk chunk, String text, Plan plan) {
    int blankLines = 0;
    for (int i = plan.regionStart(); i < plan.regionEnd(); i++) {
      if (text.charAt(i) == '\n') {
        blankLines++;
      }
    }
    String frameText =
        text.substring(0, plan.regionStart())
            + "\n".repeat(blankLines)
            + text.substring(plan.regionEnd());
    List<Node> roots = new ArrayList<>(1);
    List<Problem> problems = new ArrayList<>();
    boolean ok =
        reader.run(
            chunk.file(),
            frameText,
            0,
            frameText.length(),
            chunk.firstLine(),
            0,
            false,
            roots,
            problems);
    if (!ok || !problems.isEmpty() || roots.size() != 1 || !(roots.get(0) instanceof MapNode m)) {
      return null;
    }
    int at = m.indexOf("items");
    if (at < 0
        || m.keyLine(at) != plan.itemsLine()
        || m.keyColumn(at) != 1
        || !(m.value(at) instanceof ScalarNode s)
        || !s.isNull()) {
      return null;
    }
    return m;
  }

  /**
   * Finds the top-level {@code items:} line and the item lines below it, grouping items into slices
   * of at least {@code sliceChars} characters; null when the text has no such layout.
   */
  static Plan plan(String text, int firstLine, int sliceChars) {
    int n = text.length();
    int pos = 0;
    int line = firstLine;
    while (pos < n) {
      int end = lineEnd(text, pos);
      if (isItemsKey(text, pos, end)) {
        break;
      }
      pos = end + 1;
      line++;
    }
    if (pos >= n) {
      return null;
    }
    int itemsLine = line;
    int regionStart = lineEnd(text, pos) + 1;
    line++;
    int indent = -1;
    List<int[]> slices = new ArrayList<>();
    int sliceStart = regionStart;
    int sliceLine = line;
    int p = regionStart;
    while (p < n) {
      int end = lineEnd(text, p);
      int ind = 0;
      while (p + ind < end && text.charAt(p + ind) == ' ') {
        ind++;
      }
      boolean neutral = p + ind >= end || text.charAt(p + ind) == '#' || isCr(text, p + ind, end);
      if (!neutral) {
        boolean entry = isEntry(text, p + ind, end);
        if (indent < 0) {
          if (!entry) {
            return null;
          }
          indent = ind;
        } else if (ind < indent || (ind == indent && !entry)) {
          break;
        } else if (ind == indent && p - sliceStart >= sliceChars) {
          slices.add(new int[] {sliceStart, sliceLine});
          sliceStart = p;
          sliceLine = line;
        }
      }
      p = end + 1;
      line++;
    }
    if (indent < 0) {
      return null;
    }
    slices.add(new int[] {sliceStart, sliceLine});
    int regionEnd = Math.min(p, n);
    int[] starts = new int[slices.size()];
    int[] lines = new int[slices.size()];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = slices.get(i)[0];
      lines[i] = slices.get(i)[1];
    }
    return new Plan(itemsLine, regionStart, regionEnd, starts, lines);
  }

  private static int lineEnd(String text, int from) {
    int eol = text.indexOf('\n', from);
    return eol < 0 ? text.length() : eol;
  }

  private static boolean isCr(String text, int at, int end) {
    return at == end - 1 && text.charAt(at) == '\r';
  }

  private static boolean isItemsKey(String text, int pos, int end) {
    if (!text.startsWith("items:", pos)) {
      return false;
    }
    for (int i = pos + 6; i < end; i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  private static boolean isEntry(String text, int at, int end) {
    if (text.charAt(at) != '-') {
      return false;
    }
    return at + 1 == end || text.charAt(at + 1) == ' ' || isCr(text, at + 1, end);
  }
}
