package dev.parapet.check;

import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.model.ObjectRef;
import java.util.Comparator;

/**
 * One thing wrong with one object, at one place.
 *
 * @param check the metadata of the check that found it
 * @param message what exactly is wrong here
 * @param object the object it concerns
 * @param location the offending field, or its nearest written parent when the field is missing
 * @param missingField the field that is missing, relative to {@code location}, or null
 * @param fix a mechanical fix, or null
 * @param suppression why the finding is suppressed, or null when it is not
 * @param subject the object itself (two objects may share a ref in manifests), or null
 * @param onPath set when the finding lies on an attack path to a crown jewel: its severity is then
 *     raised one level, or null
 */
public record Finding(
    CheckMeta check,
    String message,
    ObjectRef object,
    Location location,
    String missingField,
    Fix fix,
    Suppression suppression,
    K8sObject subject,
    OnPath onPath) {

  public Finding(
      CheckMeta check,
      String message,
      ObjectRef object,
      Location location,
      String missingField,
      Fix fix,
      Suppression suppression,
      K8sObject subject) {
    this(check, message, object, location, missingField, fix, suppression, subject, null);
  }

  /**
   * A finding on an attack path: the check's own severity, the raised one, and the path in words
   * ({@code the internet -> agent (monitoring/node-monitor) -> a control-plane node ->
   * cluster-admin}).
   */
  public record OnPath(Severity base, Severity raised, String path) {}

  /** Report order: file, line, column, check id, message. */
  public static final Comparator<Finding> ORDER =
      Comparator.comparing((Finding f) -> f.location().file())
          .thenComparingInt(f -> f.location().documentIndex())
          .thenComparingInt(f -> f.location().line())
          .thenComparingInt(f -> f.location().column())
          .thenComparing(f -> f.check().id(), CheckMeta.ID_ORDER)
          .thenComparing(Finding::message);

  /** The check's severity, raised one level when the finding lies on an attack path. */
  public Severity severity() {
    return onPath != null ? onPath.raised() : check.severity();
  }

  public boolean suppressed() {
    return suppression != null;
  }

  public Finding withSuppression(Suppression s) {
    return new Finding(check, message, object, location, missingField, fix, s, subject, onPath);
  }

  public Finding withOnPath(OnPath p) {
    return new Finding(
        check, message, object, location, missingField, fix, suppression, subject, p);
  }

  /** Why and by what a finding was suppressed. */
  public record Suppression(String kind, String justification) {
    public static final String ANNOTATION = "annotation";
    public static final String BASELINE = "baseline";
  }
}
