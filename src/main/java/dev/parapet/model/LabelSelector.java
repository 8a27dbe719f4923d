package dev.parapet.model;

import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A label selector ({@code matchLabels} and {@code matchExpressions}); all parts must hold, and an
 * empty selector matches everything. It lives in the model because several engines (RBAC
 * aggregation, NetworkPolicy peers) select by labels and engines must not share internals.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
  /** One expression: In, NotIn, Exists or DoesNotExist. */
  public record Requirement(String key, String operator, List<String> values) {
    public Requirement {
      values = List.copyOf(values);
    }

    /** Why the API server would reject the expression, or empty when it is valid. */
    public Optional<String> invalid() {
      switch (operator) {
        case "In", "NotIn":
          return values.isEmpty()
              ? Optional.of("operator " + operator + " on key " + key + " needs values")
              : Optional.empty();
        case "Exists", "DoesNotExist":
          return values.isEmpty()
              ? Optional.empty()
              : Optional.of("operator " + operator + " on key " + key + " takes no values");
        default:
          return Optional.of("unknown operator " + operator + " on key " + key);
      }
    }

    boolean matches(Map<String, String> labels) {
      boolean has = labels.containsKey(key);
      return switch (operator) {
        case "In" -> has && values.contains(labels.get(key));
        case "NotIn" -> !has || !values.contains(labels.get(key));
        case "Exists" -> has;
        case "DoesNotExist" -> !has;
        default -> false;
      };
    }
  }

  public LabelSelector {
    matchLabels = Map.copyOf(matchLabels);
    matchExpressions = List.copyOf(matchExpressions);
  }

  /** Reads a selector; sparse or odd input gives empty parts, never an error. */
  public static LabelSelector read(MapNode m) {
    List<Requirement> exprs = new ArrayList<>();
    for (Node n : m.seq("matchExpressions").map(SeqNode::items).orElse(List.of())) {
      if (n instanceof MapNode e) {
        List<String> values = new ArrayList<>();
        for (Node v : e.seq("values").map(SeqNode::items).orElse(List.of())) {
          if (v instanceof ScalarNode s && !s.isNull()) {
            values.add(s.value());
          }
        }
        exprs.add(
            new Requirement(e.string("key").orElse(""), e.string("operator").orElse(""), values));
      }
    }
    return new LabelSelector(K8sObject.stringMap(m.map("matchLabels")), exprs);
  }

  /** Why the selector is invalid (its first bad expression), or empty when it is valid. */
  public Optional<String> invalid() {
    for (Requirement r : matchExpressions) {
      Optional<String> why = r.invalid();
      if (why.isPresent()) {
        return why;
      }
    }
    return Optional.empty();
  }

  public boolean matches(Map<String, String> labels) {
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (Requirement r : matchExpressions) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }
}
