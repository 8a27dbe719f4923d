package dev.parapet.source;

import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads YAML and JSON (a subset of YAML) into position-keeping {@link Node} trees.
 *
 * <p>The text is first cut into chunks at document markers ({@code ---} at the start of a line), so
 * that documents parse independently: a broken document costs only itself, and chunks can be parsed
 * on several cores. Each chunk is parsed from snakeyaml-engine's event stream straight into the
 * compact tree, without the library's own node graph.
 */
public final class YamlReader {
  private static final String SOURCE_PREFIX = "# Source: ";

  private final Limits limits;
  private final boolean fastPath;
  // short strings shared by all documents read by this reader: a key like "apiVersion" is then
  // held once, not once per document
  private final Map<String, String> shared = new ConcurrentHashMap<>();

  public YamlReader(Limits limits) {
    this(limits, true);
  }

  /** With {@code fastPath} false, every text goes through snakeyaml-engine (for tests). */
  YamlReader(Limits limits, boolean fastPath) {
    this.limits = limits;
    this.fastPath = fastPath;
  }

  /** A piece of a file's text holding one or more documents, starting at {@code firstLine}. */
  public record Chunk(String file, String text, int firstLine, int firstDocumentIndex) {}

  /** Outcome of decoding and cutting a file. */
  public record Prepared(String file, List<Chunk> chunks, List<Problem> problems) {}

  /** Decodes the bytes and cuts them into chunks; no YAML is parsed yet. */
  public Prepared prepare(String file, byte[] bytes) {
    if (bytes.length > limits.maxFileBytes()) {
      return prepare(file, bytes.length);
    }
    int probe = Math.min(bytes.length, 8192);
    for (int i = 0; i < probe; i++) {
      if (bytes[i] == 0) {
        return new Prepared(
            file, List.of(), List.of(Problem.warning(file, 0, 0, "binary file skipped")));
      }
    }
    String text;
    try {
      text = decode(bytes);
    } catch (CharacterCodingException e) {
      return new Prepared(
          file,
          List.of(),
          List.of(
              Problem.warning(file, 0, 0, "not valid UTF-8 (" + e.getMessage() + "); skipped")));
    }
    return new Prepared(file, cut(file, text), List.of());
  }

  /** The outcome for a file known to exceed the size limit, which is not read at all. */
  Prepared prepare(String file, long size) {
    return new Prepared(
        file,
        List.of(),
        List.of(
            Problem.error(
                file,
                0,
                0,
                "file of "
                    + size
                    + " bytes exceeds the limit of "
                    + limits.maxFileBytes()
                    + " bytes (--max-file-size); skipped")));
  }

  private static String decode(byte[] bytes) throws CharacterCodingException {
    int start = 0;
    if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xef
        && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf) {
      start = 3;
    }
    // The JDK's lenient decoder is several times faster than a reporting CharsetDecoder (it has an
    // ASCII fast path and builds the compact string directly); only text that came out with
    // replacement characters needs the strict decoder to tell bad bytes from a real U+FFFD.
    String text = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') < 0) {
      return text;
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    try {
      decoder.decode(in);
      return text;
    } catch (MalformedInputException e) {
      throw new CharacterCodingException() {
        @Override
        public String getMessage() {
          return "malformed byte sequence at byte offset " + in.position();
        }
      };
    }
  }

  /** Cuts text at lines that begin a new document, keeping directives with their document. */
  public static List<Chunk> cut(String file, String text) {
    List<Chunk> chunks = new ArrayList<>();
    int chunkStart = 0;
    int chunkLine = 1;
    int line = 1;
    boolean onlyDirectives = true;
    int pos = 0;
    int n = text.length();
    while (pos < n) {
      int eol = text.indexOf('\n', pos);
      int end = eol < 0 ? n : eol;
      if (isDocumentStart(text, pos, end) && pos > chunkStart && !onlyDirectives) {
        chunks.add(new Chunk(file, text.substring(chunkStart, pos), chunkLine, chunks.size()));
        chunkStart = pos;
        chunkLine = line;
        onlyDirectives = false;
      } else if (isDocumentEnd(text, pos, end) && !onlyDirectives && end < n) {
        // after "..." the next document may open with directives of its own ("%YAML 1.2")
        chunks.add(new Chunk(file, text.substring(chunkStart, end + 1), chunkLine, chunks.size()));
        chunkStart = end + 1;
        chunkLine = line + 1;
        onlyDirectives = true;
      } else if (pos < end
          && text.charAt(pos) != '#'
          && text.charAt(pos) != '%'
          && !blank(text, pos, end)) {
        onlyDirectives = false;
      }
      pos = end + 1;
      line++;
    }
    if (chunkStart < n || chunks.isEmpty()) {
      chunks.add(new Chunk(file, text.substring(chunkStart), chunkLine, chunks.size()));
    }
    return chunks;
  }

  private static boolean isDocumentStart(String text, int pos, int end) {
    return end - pos >= 3
        && text.startsWith("---", pos)
        && (end - pos == 3 || Character.isWhitespace(text.charAt(pos + 3)));
  }

  private static boolean isDocumentEnd(String text, int pos, int end) {
    return end - pos >= 3
        && text.startsWith("...", pos)
        && (end - pos == 3 || Character.isWhitespace(text.charAt(pos + 3)));
  }

  private static boolean blank(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Result of parsing one chunk. */
  public record ChunkResult(List<Document> documents, List<Problem> problems) {}

  /**
   * Parses one chunk; never throws for bad input. A large {@code List} document (a {@code kubectl
   * get -A -o yaml} dump) is split at its items and parsed on several cores, with the same nodes,
   * positions, pointers and problems as {@link #parseSequential}.
   */
  public ChunkResult parse(Chunk chunk) {
    ChunkResult tooBig = checkSize(chunk);
    if (tooBig != null) {
      return tooBig;
    }
    String text = untabJson(chunk.text());
    String helm = helmSource(text);
    if (text.length() >= ListSplit.MIN_CHARS && Runtime.getRuntime().availableProcessors() > 1) {
      ChunkResult split = ListSplit.parse(this, chunk, text, helm);
      if (split != null) {
        return split;
      }
    }
    return whole(chunk, text, helm);
  }

  /** Parses one chunk on the calling thread only. */
  ChunkResult parseSequential(Chunk chunk) {
    ChunkResult tooBig = checkSize(chunk);
    if (tooBig != null) {
      return tooBig;
    }
    String text = untabJson(chunk.text());
    return whole(chunk, text, helmSource(text));
  }

  private ChunkResult checkSize(Chunk chunk) {
    if (chunk.text().length() <= limits.maxDocumentBytes()) {
      return null;
    }
    return new ChunkResult(
        List.of(),
        List.of(
            Problem.error(
                chunk.file(),
                chunk.firstLine(),
                1,
                "document of "
                    + chunk.text().length()
                    + " characters exceeds the limit of "
                    + limits.maxDocumentBytes()
                    + " (--max-document-size); skipped")));
  }

  private ChunkResult whole(Chunk chunk, String text, String helm) {
    List<Node> roots = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    run(chunk.file(), text, 0, text.length(), chunk.firstLine(), 0, false, roots, problems);
    List<Document> docs = new ArrayList<>(roots.size());
    for (Node root : roots) {
      docs.add(new Document(chunk.file(), chunk.firstDocumentIndex() + docs.size(), root, helm));
    }
    return new ChunkResult(docs, problems);
  }

  /**
   * Parses {@code text[from, to)}, whose first line is line {@code firstLine} of the file, adding
   * the root of every complete document to {@code roots}.
   *
   * @param baseDepth nesting levels above this text (a slice of a List's items sits in the List)
   * @param slice true for a slice of a List's items: an anchor or alias there fails the slice,
   *     since it may refer across slices
   * @return false when the text could not be parsed to its end
   */
  boolean run(
      String file,
      String text,
      int from,
      int to,
      int firstLine,
      int baseDepth,
      boolean slice,
      List<Node> roots,
      List<Problem> problems) {
    if (fastPath) {
      List<Node> fastRoots = new ArrayList<>(1);
      List<Problem> fastProblems = new ArrayList<>();
      try {
        BlockYaml.parse(
            text,
            from,
            to,
            firstLine,
            new Builder(file, firstLine, baseDepth, slice, fastProblems),
            fastRoots);
        roots.addAll(fastRoots);
        problems.addAll(fastProblems);
        return true;
      } catch (BlockYaml.Bail | LimitException e) {
        // outside the fast subset, or a limit whose report is left to the full parser
      }
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file)
            .setCodePointLimit(Integer.MAX_VALUE)
            .setParseComments(false)
            .build();
    ParserImpl parser =
        new ParserImpl(settings, new StreamReader(settings, new RangeReader(text, from, to)));
    Builder builder = new Builder(file, firstLine, baseDepth, slice, problems);
    try {
      while (parser.hasNext()) {
        Node root = builder.accept(parser.next());
        if (root != null) {
          roots.add(root);
        }
      }
      return true;
    } catch (SliceAbort e) {
      return false;
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
      int line = mark == null ? firstLine : mark.getLine() + firstLine;
      int col = mark == null ? 1 : mark.getColumn() + 1;
      String reason = (e.getProblem() == null ? "" : e.getProblem());
      if (e.getContext() != null && !e.getContext().isBlank()) {
        reason = e.getContext() + ": " + reason;
      }
      problems.add(Problem.error(file, line, col, "cannot parse YAML: " + reason.strip()));
    } catch (LimitException e) {
      problems.add(Problem.error(file, e.line, e.column, e.getMessage()));
    } catch (YamlEngineException e) {
      problems.add(Problem.error(file, firstLine, 1, "cannot parse YAML: " + e.getMessage()));
    }
    return false;
  }

  /** Reads a whole file on the calling thread (a large List document may use other cores). */
  public ParsedFile read(String file, byte[] bytes) {
    Prepared prepared = prepare(file, bytes);
    List<ChunkResult> results = new ArrayList<>();
    for (Chunk chunk : prepared.chunks()) {
      results.add(parse(chunk));
    }
    return assemble(prepared, results);
  }

  /**
   * Joins the results of a file's chunks. A chunk normally holds one document; one that failed to
   * parse still takes its place, so documents keep their position in the file as their index.
   */
  static ParsedFile assemble(Prepared prepared, List<ChunkResult> results) {
    List<Document> docs = new ArrayList<>();
    List<Problem> problems = new ArrayList<>(prepared.problems());
    int next = 0;
    for (ChunkResult r : results) {
      for (int i = 0; i < r.documents().size(); i++) {
        Document d = r.documents().get(i);
        docs.add(
            d.index() == next + i ? d : new Document(d.file(), next + i, d.root(), d.helmSource()));
      }
      next += Math.max(1, r.documents().size());
      problems.addAll(r.problems());
    }
    return new ParsedFile(prepared.file(), docs, problems);
  }

  /**
   * The template named by Helm's {@code # Source:} comment, which Helm writes in the lines that
   * open a document; only those leading comment, blank and {@code ---} lines are read, so a large
   * document costs nothing here.
   */
  static String helmSource(String text) {
    int pos = 0;
    int n = text.length();
    while (pos < n) {
      int eol = text.indexOf('\n', pos);
      int end = eol < 0 ? n : eol;
      String line = text.substring(pos, end).strip();
      if (line.startsWith(SOURCE_PREFIX.strip())) {
        return line.substring(SOURCE_PREFIX.strip().length()).strip();
      }
      if (!line.isEmpty() && !line.startsWith("#") && !line.equals("---")) {
        return null;
      }
      pos = end + 1;
    }
    return null;
  }

  /**
   * JSON may be indented with tabs ({@code jq --tab}), which the YAML scanner refuses even in flow
   * context. In a JSON document a tab outside a string is only whitespace, so it becomes a space:
   * same length, so every line and column stays.
   */
  static String untabJson(String text) {
    int first = 0;
    while (first < text.length() && Character.isWhitespace(text.charAt(first))) {
      first++;
    }
    if (first == text.length()
        || (text.charAt(first) != '{' && text.charAt(first) != '[')
        || text.indexOf('\t') < 0) {
      return text;
    }
    char[] chars = text.toCharArray();
    boolean inString = false;
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '\t') {
        chars[i] = ' ';
      }
    }
    return new String(chars);
  }

  /** A reader over part of a string, so that slices of a large text are not copied. */
  private static final class RangeReader extends Reader {
    private final String text;
    private final int to;
    private int pos;

    RangeReader(String text, int from, int to) {
      this.text = text;
      this.pos = from;
      this.to = to;
    }

    @Override
    public int read(char[] buf, int off, int len) {
      if (pos >= to) {
        return -1;
      }
      int n = Math.min(len, to - pos);
      text.getChars(pos, pos + n, buf, off);
      pos += n;
      return n;
    }

    @Override
    public void close() {}
  }

  private static final class LimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int line;
    final int column;

    LimitException(String message, int line, int column) {
      super(message, null, false, false);
      this.line = line;
      this.column = column;
    }
  }

  /** A slice met something it cannot parse on its own; the whole document is parsed instead. */
  private static final class SliceAbort extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final SliceAbort INSTANCE = new SliceAbort();

    private SliceAbort() {
      super(null, null, false, false);
    }
  }

  /** Turns the event stream into trees, one per document. */
  final class Builder {
    private final String file;
    private final int firstLine;
    private final int baseDepth;
    private final boolean slice;
    private final List<Problem> problems;
    private final Map<String, String> interned = new HashMap<>();
    private final List<Frame> stack = new ArrayList<>();
    private final Map<String, Node> anchors = new HashMap<>();
    private final Map<String, Integer> anchorSizes = new HashMap<>();
    private final Set<String> openAnchors = new HashSet<>();
    private Node root;
    private int aliasNodes;
    // > 0 while inside metadata.managedFields, which is read but not built
    private int skipping;
    // position of the event being handled
    private int line;
    private int col;

    Builder(String file, int firstLine, int baseDepth, boolean slice, List<Problem> problems) {
      this.file = file;
      this.firstLine = firstLine;
      this.baseDepth = baseDepth;
      this.slice = slice;
      this.problems = problems;
    }

    /** Returns a finished document root, or null. */
    Node accept(Event event) {
      Mark mark = event.getStartMark().orElse(null);
      int l = mark == null ? firstLine : mark.getLine() + firstLine;
      int c = mark == null ? 1 : mark.getColumn() + 1;
      switch (event.getEventId()) {
        case DocumentStart -> documentStart();
        case DocumentEnd -> {
          return documentEnd();
        }
        case MappingStart -> mapStart(l, c, anchorOf((NodeEvent) event));
        case SequenceStart -> seqStart(l, c, anchorOf((NodeEvent) event));
        case MappingEnd, SequenceEnd -> end();
        case Scalar -> {
          ScalarEvent e = (ScalarEvent) event;
          scalar(
              e.getValue(),
              e.getScalarStyle() == ScalarStyle.PLAIN,
              e.getTag().orElse(null),
              anchorOf(e),
              l,
              c);
        }
        case Alias -> alias(((AliasEvent) event).getAlias().getValue(), l, c);
        default -> {
          // stream start and end, comments: nothing to build
        }
      }
      return null;
    }

    void documentStart() {
      root = null;
      skipping = 0;
      anchors.clear();
      anchorSizes.clear();
      openAnchors.clear();
      aliasNodes = 0;
    }

    Node documentEnd() {
      Node done = root;
      root = null;
      return done;
    }

    void mapStart(int l, int c, String anchor) {
      line = l;
      col = c;
      if (!skip()) {
        open(new MapNode(l, c), anchor);
      }
    }

    void seqStart(int l, int c, String anchor) {
      line = l;
      col = c;
      if (!skip()) {
        open(new SeqNode(l, c), anchor);
      }
    }

    void end() {
      if (skipping > 0) {
        if (--skipping == 0) {
          top().pendingKey = null;
        }
        return;
      }
      close();
    }

    /**
     * Whether a collection that starts now is skipped: managedFields is server bookkeeping, a third
     * of a cluster dump and never evidence of anything, so its nodes are not built (nor its
     * duplicate keys reported). The depth limit still applies.
     */
    private boolean skip() {
      if (skipping > 0) {
        if (stack.size() + skipping + baseDepth >= limits.maxDepth()) {
          throw new LimitException(
              "nesting deeper than " + limits.maxDepth() + " levels; document skipped", line, col);
        }
        skipping++;
        return true;
      }
      Frame top = top();
      if (top != null
          && "managedFields".equals(top.pendingKey)
          && "metadata".equals(top.keyInParent)
          && top.container instanceof MapNode
          && stack.size() + baseDepth <= 4) {
        if (stack.size() + baseDepth >= limits.maxDepth()) {
          throw new LimitException(
              "nesting deeper than " + limits.maxDepth() + " levels; document skipped", line, col);
        }
        skipping = 1;
        return true;
      }
      return false;
    }

    private Frame top() {
      return stack.isEmpty() ? null : stack.get(stack.size() - 1);
    }

    private void open(Node container, String anchor) {
      if (stack.size() + baseDepth >= limits.maxDepth()) {
        throw new LimitException(
            "nesting deeper than " + limits.maxDepth() + " levels; document skipped", line, col);
      }
      if (anchor != null) {
        openAnchors.add(anchor);
      }
      Frame parent = top();
      Frame frame = new Frame(container, anchor, pendingKeyOf(parent));
      if (parent != null
          && parent.container instanceof MapNode
          && parent.pendingKey != null
          && parent.pendingMerge) {
        // the value of a merge key is merged once it is complete, not attached
        parent.pendingKey = null;
        parent.pendingMerge = false;
        frame.mergeInto = parent;
        frame.mergeLine = line;
        frame.mergeColumn = col;
      } else {
        attach(container);
      }
      stack.add(frame);
    }

    private String pendingKeyOf(Frame f) {
      return f != null && f.container instanceof MapNode ? f.pendingKey : null;
    }

    private void close() {
      Frame f = stack.remove(stack.size() - 1);
      if (f.container instanceof MapNode m) {
        if ("metadata".equals(f.keyInParent) && stack.size() + baseDepth <= 3) {
          // managedFields is server bookkeeping: large in dumps and never evidence of anything
          m.remove("managedFields");
        }
        m.trim();
      } else if (f.container instanceof SeqNode s) {
        s.trim();
      }
      if (f.anchor != null) {
        openAnchors.remove(f.anchor);
        anchors.put(f.anchor, f.container);
        anchorSizes.put(f.anchor, f.container.size());
      }
      if (f.mergeInto != null) {
        Frame target = f.mergeInto;
        merge(target, (MapNode) target.container, f.container, f.mergeLine, f.mergeColumn);
      }
    }

    void scalar(String value, boolean plain, String tag, String anchor, int l, int c) {
      if (skipping > 0) {
        return;
      }
      line = l;
      col = c;
      ScalarNode.Type type;
      if (tag != null && !tag.equals("!")) {
        type = ScalarNode.resolveTagged(tag, value);
      } else {
        type = plain ? ScalarNode.resolvePlain(value) : ScalarNode.Type.STRING;
      }
      if (value.length() <= 64) {
        String known = interned.get(value);
        if (known == null) {
          known = shared.putIfAbsent(value, value);
          known = known == null ? value : known;
          interned.put(known, known);
        }
        value = known;
      }
      ScalarNode node = new ScalarNode(line, col, value, type);
      if (anchor != null) {
        anchors.put(anchor, node);
        anchorSizes.put(anchor, 1);
      }
      Frame top = top();
      if (top != null && top.container instanceof MapNode && top.pendingKey == null) {
        top.pendingKey = value;
        top.pendingMerge = plain && value.equals("<<");
        top.keyLine = line;
        top.keyColumn = col;
        return;
      }
      attach(node);
    }

    void alias(String name, int l, int c) {
      if (skipping > 0) {
        return;
      }
      line = l;
      col = c;
      if (slice) {
        throw SliceAbort.INSTANCE;
      }
      if (openAnchors.contains(name)) {
        throw new LimitException(
            "alias *" + name + " refers to a node that contains it; document skipped", line, col);
      }
      Node target = anchors.get(name);
      if (target == null) {
        throw new LimitException("unknown alias *" + name + "; document skipped", line, col);
      }
      aliasNodes += anchorSizes.get(name);
      if (aliasNodes > limits.maxAliasNodes()) {
        throw new LimitException(
            "alias expansion exceeds "
                + limits.maxAliasNodes()
                + " nodes (a billion-laughs document?); document skipped",
            line,
            col);
      }
      Frame top = top();
      if (top != null && top.container instanceof MapNode && top.pendingKey == null) {
        if (target instanceof ScalarNode s) {
          top.pendingKey = s.value();
          top.keyLine = line;
          top.keyColumn = col;
          return;
        }
        throw new LimitException("a mapping key must be a scalar; document skipped", line, col);
      }
      if (stack.size() + baseDepth + height(target) > limits.maxDepth()) {
        // a chain of aliases can nest deeper than anything written; copying it would too
        throw new LimitException(
            "alias *"
                + name
                + " nests deeper than "
                + limits.maxDepth()
                + " levels; document skipped",
            line,
            col);
      }
      Node copy = target.copy();
      if (top != null && top.container instanceof MapNode && top.pendingMerge) {
        top.pendingKey = null;
        top.pendingMerge = false;
        merge(top, (MapNode) top.container, copy, line, col);
        return;
      }
      attach(copy);
    }

    /** Levels of nesting below a node; bounded by the depth limit, since every tree is. */
    private int height(Node node) {
      int h = 0;
      if (node instanceof MapNode m) {
        for (int i = 0; i < m.entries(); i++) {
          h = Math.max(h, 1 + height(m.value(i)));
        }
      } else if (node instanceof SeqNode q) {
        for (int i = 0; i < q.length(); i++) {
          h = Math.max(h, 1 + height(q.get(i)));
        }
      }
      return h;
    }

    private void attach(Node node) {
      Frame top = top();
      if (top == null) {
        root = node;
        return;
      }
      if (top.container instanceof SeqNode s) {
        s.add(node);
        return;
      }
      MapNode m = (MapNode) top.container;
      if (top.pendingKey == null) {
        throw new LimitException("a mapping key must be a scalar; document skipped", line, col);
      }
      String key = top.pendingKey;
      top.pendingKey = null;
      if (top.pendingMerge) {
        top.pendingMerge = false;
        merge(top, m, node, line, col);
        return;
      }
      int existing = m.indexOf(key);
      if (existing >= 0 && (top.mergedKeys == null || !top.mergedKeys.remove(key))) {
        problems.add(
            Problem.error(
                file,
                top.keyLine,
                top.keyColumn,
                "duplicate key \""
                    + key
                    + "\" (first at line "
                    + m.keyLine(existing)
                    + "); the later value is used, as in Kubernetes"));
      }
      m.put(key, node, top.keyLine, top.keyColumn);
    }

    /** YAML merge keys ({@code <<: *base}) as go-yaml applies them: explicit keys win. */
    private void merge(Frame top, MapNode target, Node source, int atLine, int atColumn) {
      List<MapNode> sources = new ArrayList<>();
      if (source instanceof MapNode sm) {
        sources.add(sm);
      } else if (source instanceof SeqNode seq) {
        for (Node item : seq.items()) {
          if (item instanceof MapNode im) {
            sources.add(im);
          } else {
            throw new LimitException(
                "a merge key (<<) takes a mapping or a list of mappings", atLine, atColumn);
          }
        }
      } else {
        throw new LimitException(
            "a merge key (<<) takes a mapping or a list of mappings", atLine, atColumn);
      }
      for (MapNode sm : sources) {
        for (int i = 0; i < sm.entries(); i++) {
          String k = sm.key(i);
          if (target.indexOf(k) < 0) {
            Node v = sm.value(i);
            v.detach();
            target.put(k, v, sm.keyLine(i), sm.keyColumn(i));
            if (top.mergedKeys == null) {
              top.mergedKeys = new HashSet<>();
            }
            top.mergedKeys.add(k);
          }
        }
      }
    }

    private String anchorOf(NodeEvent e) {
      Optional<Anchor> anchor = e.getAnchor();
      if (anchor.isEmpty()) {
        return null;
      }
      if (slice) {
        throw SliceAbort.INSTANCE;
      }
      return anchor.get().getValue();
    }
  }

  private static final class Frame {
    final Node container;
    final String anchor;
    final String keyInParent;
    Set<String> mergedKeys;
    String pendingKey;
    boolean pendingMerge;
    int keyLine;
    int keyColumn;
    // set when this container is the value of a merge key of the frame below
    Frame mergeInto;
    int mergeLine;
    int mergeColumn;

    Frame(Node container, String anchor, String keyInParent) {
      this.container = container;
      this.anchor = anchor;
      this.keyInParent = keyInParent;
    }
  }
}
