package dev.parapet.source;

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
import org.snakeyaml.engine.v2.api.LoadSettings;
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

  public YamlReader(Limits limits) {
    this.limits = limits;
  }

  /** A piece of a file's text holding one or more documents, starting at {@code firstLine}. */
  public record Chunk(String file, String text, int firstLine, int firstDocumentIndex) {}

  /** Outcome of decoding and cutting a file. */
  public record Prepared(String file, List<Chunk> chunks, List<Problem> problems) {}

  /** Decodes the bytes and cuts them into chunks; no YAML is parsed yet. */
  public Prepared prepare(String file, byte[] bytes) {
    if (bytes.length > limits.maxFileBytes()) {
      return new Prepared(
          file,
          List.of(),
          List.of(
              Problem.error(
                  file,
                  0,
                  0,
                  "file of "
                      + bytes.length
                      + " bytes exceeds the limit of "
                      + limits.maxFileBytes()
                      + " bytes (--max-file-size); skipped")));
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

  private static String decode(byte[] bytes) throws CharacterCodingException {
    int start = 0;
    if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xef
        && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf) {
      start = 3;
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    try {
      return decoder.decode(in).toString();
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

  /** Parses one chunk; never throws for bad input. */
  public ChunkResult parse(Chunk chunk) {
    List<Document> docs = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    if (chunk.text().length() > limits.maxDocumentBytes()) {
      problems.add(
          Problem.error(
              chunk.file(),
              chunk.firstLine(),
              1,
              "document of "
                  + chunk.text().length()
                  + " characters exceeds the limit of "
                  + limits.maxDocumentBytes()
                  + " (--max-document-size); skipped"));
      return new ChunkResult(docs, problems);
    }
    String helm = helmSource(chunk.text());
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(chunk.file())
            .setCodePointLimit(Integer.MAX_VALUE)
            .setParseComments(false)
            .build();
    ParserImpl parser = new ParserImpl(settings, new StreamReader(settings, chunk.text()));
    Builder builder = new Builder(chunk, problems);
    try {
      while (parser.hasNext()) {
        Event event = parser.next();
        Node root = builder.accept(event);
        if (root != null) {
          docs.add(
              new Document(chunk.file(), chunk.firstDocumentIndex() + docs.size(), root, helm));
        }
      }
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
      int line = mark == null ? chunk.firstLine() : mark.getLine() + chunk.firstLine();
      int col = mark == null ? 1 : mark.getColumn() + 1;
      String reason = (e.getProblem() == null ? "" : e.getProblem());
      if (e.getContext() != null && !e.getContext().isBlank()) {
        reason = e.getContext() + ": " + reason;
      }
      problems.add(Problem.error(chunk.file(), line, col, "cannot parse YAML: " + reason.strip()));
    } catch (LimitException e) {
      problems.add(Problem.error(chunk.file(), e.line, e.column, e.getMessage()));
    } catch (YamlEngineException e) {
      problems.add(
          Problem.error(
              chunk.file(), chunk.firstLine(), 1, "cannot parse YAML: " + e.getMessage()));
    }
    return new ChunkResult(docs, problems);
  }

  /** Reads a whole file on the calling thread. */
  public ParsedFile read(String file, byte[] bytes) {
    Prepared prepared = prepare(file, bytes);
    List<Document> docs = new ArrayList<>();
    List<Problem> problems = new ArrayList<>(prepared.problems());
    for (Chunk chunk : prepared.chunks()) {
      ChunkResult r = parse(chunk);
      docs.addAll(r.documents());
      problems.addAll(r.problems());
    }
    return new ParsedFile(file, docs, problems);
  }

  private static String helmSource(String text) {
    int i = text.startsWith(SOURCE_PREFIX) ? 0 : text.indexOf("\n" + SOURCE_PREFIX);
    if (i < 0) {
      return null;
    }
    int from = i == 0 ? SOURCE_PREFIX.length() : i + 1 + SOURCE_PREFIX.length();
    int eol = text.indexOf('\n', from);
    return text.substring(from, eol < 0 ? text.length() : eol).strip();
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

  /** Turns the event stream into trees, one per document. */
  private final class Builder {
    private final Chunk chunk;
    private final List<Problem> problems;
    private final Map<String, String> interned = new HashMap<>();
    private final List<Frame> stack = new ArrayList<>();
    private final Map<String, Node> anchors = new HashMap<>();
    private final Map<String, Integer> anchorSizes = new HashMap<>();
    private final Set<String> openAnchors = new HashSet<>();
    private Node root;
    private int aliasNodes;

    Builder(Chunk chunk, List<Problem> problems) {
      this.chunk = chunk;
      this.problems = problems;
    }

    /** Returns a finished document root, or null. */
    Node accept(Event event) {
      switch (event.getEventId()) {
        case DocumentStart -> {
          root = null;
          anchors.clear();
          anchorSizes.clear();
          openAnchors.clear();
          aliasNodes = 0;
        }
        case DocumentEnd -> {
          Node done = root;
          root = null;
          return done;
        }
        case MappingStart -> open(new MapNode(line(event), col(event)), event);
        case SequenceStart -> open(new SeqNode(line(event), col(event)), event);
        case MappingEnd, SequenceEnd -> close();
        case Scalar -> scalar((ScalarEvent) event);
        case Alias -> alias((AliasEvent) event);
        default -> {
          // stream start and end, comments: nothing to build
        }
      }
      return null;
    }

    private int line(Event e) {
      return e.getStartMark().map(m -> m.getLine() + chunk.firstLine()).orElse(chunk.firstLine());
    }

    private int col(Event e) {
      return e.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
    }

    private void open(Node container, Event event) {
      if (stack.size() >= limits.maxDepth()) {
        throw new LimitException(
            "nesting deeper than " + limits.maxDepth() + " levels; document skipped",
            line(event),
            col(event));
      }
      String anchor = anchorOf(event);
      if (anchor != null) {
        openAnchors.add(anchor);
      }
      String keyInParent = pendingKeyOfTop();
      attach(container, event);
      stack.add(new Frame(container, anchor, keyInParent));
    }

    private String pendingKeyOfTop() {
      if (stack.isEmpty()) {
        return null;
      }
      Frame top = stack.get(stack.size() - 1);
      return top.container instanceof MapNode ? top.pendingKey : null;
    }

    private void close() {
      Frame f = stack.remove(stack.size() - 1);
      if (f.container instanceof MapNode m) {
        if ("metadata".equals(f.keyInParent) && stack.size() <= 3) {
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
    }

    private void scalar(ScalarEvent e) {
      String value = e.getValue();
      ScalarNode.Type type;
      Optional<String> tag = e.getTag();
      if (e.getScalarStyle() == ScalarStyle.PLAIN) {
        type =
            tag.isPresent() && !tag.get().equals("!")
                ? ScalarNode.resolveTagged(tag.get(), value)
                : ScalarNode.resolvePlain(value);
      } else {
        type =
            tag.isPresent() && !tag.get().equals("!")
                ? ScalarNode.resolveTagged(tag.get(), value)
                : ScalarNode.Type.STRING;
        if (type != ScalarNode.Type.STRING && tag.isEmpty()) {
          type = ScalarNode.Type.STRING;
        }
      }
      if (value.length() <= 64) {
        value = interned.computeIfAbsent(value, v -> v);
      }
      ScalarNode node = new ScalarNode(line(e), col(e), value, type);
      Frame top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
      if (top != null && top.container instanceof MapNode && top.pendingKey == null) {
        top.pendingKey = value;
        top.pendingMerge = e.getScalarStyle() == ScalarStyle.PLAIN && value.equals("<<");
        top.keyLine = node.line();
        top.keyColumn = node.column();
        return;
      }
      attach(node, e);
      String anchor = anchorOf(e);
      if (anchor != null) {
        anchors.put(anchor, node);
        anchorSizes.put(anchor, 1);
      }
    }

    private void alias(AliasEvent e) {
      String name = e.getAlias().getValue();
      if (openAnchors.contains(name)) {
        throw new LimitException(
            "alias *" + name + " refers to a node that contains it; document skipped",
            line(e),
            col(e));
      }
      Node target = anchors.get(name);
      if (target == null) {
        throw new LimitException("unknown alias *" + name + "; document skipped", line(e), col(e));
      }
      aliasNodes += anchorSizes.get(name);
      if (aliasNodes > limits.maxAliasNodes()) {
        throw new LimitException(
            "alias expansion exceeds "
                + limits.maxAliasNodes()
                + " nodes (a billion-laughs document?); document skipped",
            line(e),
            col(e));
      }
      Frame top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
      if (top != null && top.container instanceof MapNode && top.pendingKey == null) {
        if (target instanceof ScalarNode s) {
          top.pendingKey = s.value();
          top.keyLine = line(e);
          top.keyColumn = col(e);
          return;
        }
        throw new LimitException("a mapping key must be a scalar", line(e), col(e));
      }
      attach(target.copy(), e);
    }

    private void attach(Node node, Event event) {
      if (stack.isEmpty()) {
        root = node;
        return;
      }
      Frame top = stack.get(stack.size() - 1);
      if (top.container instanceof SeqNode s) {
        s.add(node);
        return;
      }
      MapNode m = (MapNode) top.container;
      if (top.pendingKey == null) {
        throw new LimitException(
            "a mapping key must be a scalar; document skipped", line(event), col(event));
      }
      String key = top.pendingKey;
      top.pendingKey = null;
      if (top.pendingMerge) {
        top.pendingMerge = false;
        merge(top, m, node, event);
        return;
      }
      int existing = m.indexOf(key);
      if (existing >= 0 && (top.mergedKeys == null || !top.mergedKeys.remove(key))) {
        problems.add(
            Problem.error(
                chunk.file(),
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
    private void merge(Frame top, MapNode target, Node source, Event event) {
      List<MapNode> sources = new ArrayList<>();
      if (source instanceof MapNode sm) {
        sources.add(sm);
      } else if (source instanceof SeqNode seq) {
        for (Node item : seq.items()) {
          if (item instanceof MapNode im) {
            sources.add(im);
          } else {
            throw new LimitException(
                "a merge key (<<) takes a mapping or a list of mappings", line(event), col(event));
          }
        }
      } else {
        throw new LimitException(
            "a merge key (<<) takes a mapping or a list of mappings", line(event), col(event));
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

    private String anchorOf(Event e) {
      if (e instanceof NodeEvent ne) {
        return ne.getAnchor().map(a -> a.getValue()).orElse(null);
      }
      return null;
    }
  }

  private static final class Frame {
    final Node container;
    final String anchor;
    Set<String> mergedKeys;
    String pendingKey;
    boolean pendingMerge;
    int keyLine;
    int keyColumn;

    final String keyInParent;

    Frame(Node container, String anchor, String keyInParent) {
      this.container = container;
      this.anchor = anchor;
      this.keyInParent = keyInParent;
    }
  }
}
