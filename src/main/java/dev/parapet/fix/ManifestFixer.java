package dev.parapet.fix;

import dev.parapet.check.Finding;
import dev.parapet.check.Fix;
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
    List<Node> documents = new ArrayList<>();
    try {
      LoadSettings settings =
          LoadSettings.builder()
              .setParseComments(true)
              .setCodePointLimit(Integer.MAX_VALUE)
              .build();
      for (Node n : new Compose(settings).composeAllFromString(text)) {
        documents.add(n);
      }
    } catch (YamlEngineException e) {
      skipped.add(file + ": cannot re-read for fixing: " + e.getMessage());
      return new Result(file, text, 0, skipped);
    }
    pending.sort(ORDER);
    java.util.Set<Finding> failed =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.Set<Finding> touched =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Pending p : pending) {
      touched.add(p.finding());
      if (p.document() >= documents.size()) {
        skipped.add(describe(p) + ": document not found");
        failed.add(p.finding());
        continue;
      }
      try {
        Node root = documents.get(p.document());
        documents.set(p.document(), Patch.apply(root, p.op()));
      } catch (Patch.PatchException e) {
        skipped.add(describe(p) + ": " + e.getMessage());
        failed.add(p.finding());
      }
    }
    return new Result(file, emit(documents), touched.size() - failed.size(), skipped);
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

  private static String emit(List<Node> documents) {
    DumpSettings settings =
        DumpSettings.builder()
            .setDumpComments(true)
            .setIndent(2)
            .setIndicatorIndent(0)
            .setWidth(Integer.MAX_VALUE)
            .setSplitLines(false)
            .setExplicitStart(documents.size() > 1)
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

    private static Node resolve(Node node, List<String> path) throws PatchException {
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
