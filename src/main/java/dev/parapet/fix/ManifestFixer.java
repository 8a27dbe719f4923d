package dev.parapet.fix;

import dev.parapet.check.Finding;
import dev.parapet.check.Fix;
import dev.parapet.source.YamlReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Serialize;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.emitter.Emitter;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Applies the JSON Patches of findings to a manifest file. The file is composed with its comments
 * by snakeyaml-engine, patched as a node tree and emitted again, so that comments (Helm's {@code #
 * Source:} lines included), key order and scalar styles survive; indentation is normalised to two
 * spaces with kubectl-style sequences.
 *
 * <p>Fixes are generated independently against the original file, so two fixes may add the same
 * missing map (two fields under a new {@code securityContext}): an {@code add} of a map onto an
 * existing map merges instead of replacing, and removals from one list are applied from the highest
 * index down.
 */
public final class ManifestFixer {
  private ManifestFixer() {}

  /**
   * The patched text of one file, the number of findings whose fix was applied in full, and the
   * operations that could not be applied.
   */
  public record Result(String file, String text, int applied, List<String> skipped) {
    public Result {
      skipped = List.copyOf(skipped);
    }
  }

  private record Pending(int document, Fix.Op op, Finding finding) {}

  public static Result apply(String file, String text, List<Finding> findings) {
    List<Pending> pending = new ArrayList<>();
    for (Finding f : findings) {
      if (f.fix() == null || f.suppressed()) {
        continue;
      }
      for (Fix.Op op : f.fix().operations()) {
        pending.add(new Pending(f.location().documentIndex(), op, f));
      }
    }
    List<String> skipped = new ArrayList<>();
    if (pending.isEmpty()) {
      return new Result(file, text, 0, skipped);
    }
    // chunk by chunk, as the scan read the file: a document that does not parse stays as it is,
    // and documents without fixes keep their exact text
    List<YamlReader.Chunk> chunks = YamlReader.cut(file, text);
    List<List<Node>> parsed = new ArrayList<>();
    List<Node> documents = new ArrayList<>();
    List<Integer> chunkOf = new ArrayList<>();
    LoadSettings settings =
        LoadSettings.builder().setParseComments(true).setCodePointLimit(Integer.MAX_VALUE).build();
    for (int c = 0; c < chunks.size(); c++) {
      List<Node> docs = new ArrayList<>();
      try {
        for (Node n : new Compose(settings).composeAllFromString(chunks.get(c).text())) {
          docs.add(n);
        }
      } catch (YamlEngineException e) {
        docs = null;
      }
      parsed.add(docs);
      if (docs != null) {
        for (Node d : docs) {
          documents.add(d);
          chunkOf.add(c);
        }
      }
    }
    pending.sort(ORDER);
    Map<Finding, Integer> located = new java.util.IdentityHashMap<>();
    java.util.Set<Finding> failed =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.Set<Finding> touched =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.Set<Integer> dirty = new java.util.TreeSet<>();
    for (Pending p : pending) {
      touched.add(p.finding());
      int document = located.computeIfAbsent(p.finding(), f -> locate(documents, f));
      if (document < 0) {
        skipped.add(describe(p) + ": the object is not found in the file as re-read");
        failed.add(p.finding());
        continue;
      }
      try {
        Patch.apply(documents.get(document), p.op());
        dirty.add(chunkOf.get(document));
      } catch (Patch.PatchException e) {
        skipped.add(describe(p) + ": " + e.getMessage());
        failed.add(p.finding());
      }
    }
    boolean json = file.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
    StringBuilder out = new StringBuilder();
    for (int c = 0; c < chunks.size(); c++) {
      String original = chunks.get(c).text();
      if (!dirty.contains(c)) {
        out.append(original);
        continue;
      }
      String patched =
          json ? Json.emit(parsed.get(c)) : emit(parsed.get(c), original.startsWith("---"));
      if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
        out.append('\n');
      }
      out.append(patched);
    }
    return new Result(file, out.toString(), touched.size() - failed.size(), skipped);
  }

  /**
   * The document holding the finding's object, found by identity (kind, name and namespace at the
   * object's root, {@code /items/N} for a List item) rather than by position alone, since the
   * document numbering of the scan skips documents that did not parse. Returns -1 when not found or
   * ambiguous.
   */
  private static int locate(List<Node> documents, Finding f) {
    if (f.subject() == null) {
      return f.location().documentIndex() < documents.size() ? f.location().documentIndex() : -1;
    }
    String rootPointer = f.subject().root().pointer();
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      try {
        Node root = Patch.resolve(documents.get(i), Patch.parse(rootPointer));
        if (root instanceof MappingNode m && same(m, f)) {
          candidates.add(i);
        }
      } catch (Patch.PatchException e) {
        // not this document
      }
    }
    if (candidates.contains(f.location().documentIndex())) {
      return f.location().documentIndex();
    }
    return candidates.size() == 1 ? candidates.get(0) : -1;
  }

  private static boolean same(MappingNode root, Finding f) {
    Optional<Node> metadata = Patch.field(root, "metadata");
    return text(Patch.field(root, "kind")).equals(f.subject().kind())
        && metadata.isPresent()
        && metadata.get() instanceof MappingNode md
        && (text(Patch.field(md, "name")).equals(f.subject().name())
            || text(Patch.field(md, "generateName")).equals(f.subject().name()))
        && text(Patch.field(md, "namespace")).equals(f.subject().namespace());
  }

  private static String text(Optional<Node> node) {
    return node.filter(ScalarNode.class::isInstance)
        .map(n -> ((ScalarNode) n).getValue())
        .orElse("");
  }

  /**
   * Document order, then removals before anything else from the highest list index down, so that
   * removing two entries of one list removes the right ones; other operations keep finding order.
   */
  private static final Comparator<Pending> ORDER =
      Comparator.comparingInt(Pending::document)
          .thenComparing(p -> !p.op().op().equals("remove"))
          .thenComparing(
              (a, b) ->
                  a.op().op().equals("remove") && b.op().op().equals("remove")
                      ? comparePointersDescending(a.op().path(), b.op().path())
                      : 0);

  private static int comparePointersDescending(String a, String b) {
    String[] pa = a.split("/");
    String[] pb = b.split("/");
    for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
      if (pa[i].equals(pb[i])) {
        continue;
      }
      if (pa[i].matches("\\d+") && pb[i].matches("\\d+")) {
        return Integer.compare(Integer.parseInt(pb[i]), Integer.parseInt(pa[i]));
      }
      return pa[i].compareTo(pb[i]);
    }
    return Integer.compare(pb.length, pa.length);
  }

  private static String describe(Pending p) {
    return p.finding().location().display()
        + " "
        + p.finding().check().id()
        + " "
        + p.op().op()
        + " "
        + p.op().path();
  }

  private static String emit(List<Node> documents, boolean explicitStart) {
    DumpSettings settings =
        DumpSettings.builder()
            .setDumpComments(true)
            .setIndent(2)
            .setIndicatorIndent(0)
            .setWidth(Integer.MAX_VALUE)
            .setSplitLines(false)
            .setExplicitStart(explicitStart || documents.size() > 1)
            .build();
    StringWriter out = new StringWriter();
    StreamDataWriter writer =
        new StreamDataWriter() {
          @Override
          public void write(String str) {
            out.write(str);
          }

          @Override
          public void write(String str, int off, int len) {
            out.write(str, off, len);
          }
        };
    Emitter emitter = new Emitter(settings, writer);
    Serialize serialize = new Serialize(settings);
    for (Event e : serialize.serializeAll(documents)) {
      emitter.emit(e);
    }
    return out.toString();
  }

  /** JSON Patch operations on snakeyaml-engine nodes. */
  static final class Patch {
    private Patch() {}

    static final class PatchException extends Exception {
      private static final long serialVersionUID = 1L;

      PatchException(String message) {
        super(message, null, false, false);
      }
    }

    static Node apply(Node root, Fix.Op op) throws PatchException {
      List<String> path = parse(op.path());
      if (path.isEmpty()) {
        throw new PatchException("cannot patch the document root");
      }
      Node parent = resolve(root, path.subList(0, path.size() - 1));
      String last = path.get(path.size() - 1);
      switch (op.op()) {
        case "remove" -> remove(parent, last);
        case "replace" -> replace(parent, last, toNode(op.value()));
        case "add" -> add(parent, last, toNode(op.value()));
        default -> throw new PatchException("unsupported operation " + op.op());
      }
      return root;
    }

    static List<String> parse(String pointer) {
      List<String> out = new ArrayList<>();
      if (pointer.isEmpty()) {
        return out;
      }
      for (String token : pointer.substring(1).split("/", -1)) {
        out.add(token.replace("~1", "/").replace("~0", "~"));
      }
      return out;
    }

    static Optional<Node> field(Node node, String key) {
      return node instanceof MappingNode m
          ? entry(m, key).map(NodeTuple::getValueNode)
          : Optional.empty();
    }

    static Node resolve(Node node, List<String> path) throws PatchException {
      Node current = node;
      for (String token : path) {
        if (current instanceof MappingNode m) {
          Optional<NodeTuple> t = entry(m, token);
          if (t.isEmpty()) {
            throw new PatchException("no field " + token);
          }
          current = t.get().getValueNode();
        } else if (current instanceof SequenceNode s) {
          int i = index(s, token, false);
          current = s.getValue().get(i);
        } else {
          throw new PatchException("cannot descend into a scalar at " + token);
        }
      }
      return current;
    }

    private static Optional<NodeTuple> entry(MappingNode m, String key) {
      return m.getValue().stream()
          .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
          .findFirst();
    }

    private static int index(SequenceNode s, String token, boolean allowEnd) throws PatchException {
      if (allowEnd && token.equals("-")) {
        return s.getValue().size();
      }
      try {
        int i = Integer.parseInt(token);
        if (i < 0 || i > s.getValue().size() || (!allowEnd && i == s.getValue().size())) {
          throw new PatchException("index " + token + " out of range");
        }
        return i;
      } catch (NumberFormatException e) {
        throw new PatchException("not a list index: " + token);
      }
    }

    private static void remove(Node parent, String last) throws PatchException {
      if (parent instanceof MappingNode m) {
        NodeTuple t = entry(m, last).orElseThrow(() -> new PatchException("no field " + last));
        m.getValue().remove(t);
      } else if (parent instanceof SequenceNode s) {
        s.getValue().remove(index(s, last, false));
      } else {
        throw new PatchException("cannot remove from a scalar");
      }
    }

    private static void replace(Node parent, String last, Node value) throws PatchException {
      if (parent instanceof MappingNode m) {
        List<NodeTuple> tuples = m.getValue();
        for (int i = 0; i < tuples.size(); i++) {
          if (tuples.get(i).getKeyNode() instanceof ScalarNode k && k.getValue().equals(last)) {
            Node old = tuples.get(i).getValueNode();
            carryComments(old, value);
            tuples.set(i, new NodeTuple(tuples.get(i).getKeyNode(), value));
            return;
          }
        }
        throw new PatchException("no field " + last);
      } else if (parent instanceof SequenceNode s) {
        int i = index(s, last, false);
        carryComments(s.getValue().get(i), value);
        s.getValue().set(i, value);
      } else {
        throw new PatchException("cannot replace inside a scalar");
      }
    }

    private static void add(Node parent, String last, Node value) throws PatchException {
      if (parent instanceof MappingNode m) {
        Optional<NodeTuple> existing = entry(m, last);
        if (existing.isPresent()
            && existing.get().getValueNode() instanceof MappingNode old
            && value instanceof MappingNode fresh) {
          merge(old, fresh);
          return;
        }
        if (existing.isPresent()) {
          replace(parent, last, value);
          return;
        }
        if (m.getFlowStyle() == FlowStyle.FLOW && m.getValue().isEmpty()) {
          m.setFlowStyle(FlowStyle.BLOCK);
        }
        m.getValue().add(new NodeTuple(scalar(last), value));
      } else if (parent instanceof SequenceNode s) {
        s.getValue().add(index(s, last, true), value);
      } else {
        throw new PatchException("cannot add inside a scalar");
      }
    }

    private static void merge(MappingNode into, MappingNode from) throws PatchException {
      if (into.getFlowStyle() == FlowStyle.FLOW && into.getValue().isEmpty()) {
        into.setFlowStyle(FlowStyle.BLOCK);
      }
      for (NodeTuple t : from.getValue()) {
        add(into, ((ScalarNode) t.getKeyNode()).getValue(), t.getValueNode());
      }
    }

    private static void carryComments(Node from, Node to) {
      to.setInLineComments(from.getInLineComments());
      to.setBlockComments(from.getBlockComments());
    }

    private static ScalarNode scalar(String s) {
      return new ScalarNode(Tag.STR, s, ScalarStyle.PLAIN);
    }

    @SuppressWarnings("unchecked")
    static Node toNode(Object value) {
      if (value instanceof Boolean b) {
        return new ScalarNode(Tag.BOOL, b.toString(), ScalarStyle.PLAIN);
      }
      if (value instanceof Number n) {
        return new ScalarNode(Tag.INT, n.toString(), ScalarStyle.PLAIN);
      }
      if (value instanceof Map<?, ?> map) {
        List<NodeTuple> tuples = new ArrayList<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
          tuples.add(new NodeTuple(scalar(e.getKey()), toNode(e.getValue())));
        }
        return new MappingNode(Tag.MAP, tuples, FlowStyle.BLOCK);
      }
      if (value instanceof List<?> list) {
        List<Node> items = new ArrayList<>();
        for (Object o : list) {
          items.add(toNode(o));
        }
        return new SequenceNode(Tag.SEQ, items, FlowStyle.FLOW);
      }
      return scalar(String.valueOf(value));
    }
  }
}
