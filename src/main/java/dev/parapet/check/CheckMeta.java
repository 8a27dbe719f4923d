package dev.parapet.check;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** Immutable metadata of a check, read from its {@link CheckInfo}. */
public record CheckMeta(
    String id,
    String title,
    Severity severity,
    Stride stride,
    String category,
    String description,
    String remediation,
    String pss,
    List<String> cis,
    List<String> mitre,
    List<String> nsa,
    List<String> overlaps,
    List<String> aliases) {

  /**
   * {@code POD-005}; or {@code CIS-} and the benchmark's own entry id ({@code CIS-1.2.15}), so that
   * a CIS entry keeps the number users know it by.
   */
  private static final Pattern ID = Pattern.compile("[A-Z]+-[0-9]{3}|CIS-[0-9]+(\\.[0-9]+)*");

  /**
   * Id order: by prefix, then number by number, so that {@code CIS-1.2.9} comes before {@code
   * CIS-1.2.10}; for {@code ABC-123} ids this is plain string order.
   */
  public static final Comparator<String> ID_ORDER = CheckMeta::compareIds;

  public CheckMeta {
    cis = List.copyOf(cis);
    mitre = List.copyOf(mitre);
    nsa = List.copyOf(nsa);
    overlaps = List.copyOf(overlaps);
    aliases = List.copyOf(aliases);
  }

  /** The metadata declared on a check class. */
  public static CheckMeta of(Class<?> type) {
    return read(type);
  }

  private static CheckMeta read(Class<?> type) {
    CheckInfo info = type.getAnnotation(CheckInfo.class);
    if (info == null) {
      throw new IllegalStateException(type.getName() + " has no @CheckInfo");
    }
    return new CheckMeta(
        info.id(),
        info.title(),
        info.severity(),
        info.stride(),
        info.category(),
        info.description(),
        info.remediation(),
        info.pss(),
        List.of(info.cis()),
        List.of(info.mitre()),
        List.of(info.nsa()),
        List.of(info.overlaps()),
        List.of(info.aliases()));
  }

  /** Problems with the metadata itself; empty when valid. */
  public List<String> validate() {
    java.util.ArrayList<String> errors = new java.util.ArrayList<>();
    if (!ID.matcher(id).matches()) {
      errors.add(id + ": id must look like ABC-123 or CIS-1.2.3");
    }
    if (title.isBlank() || title.endsWith(".")) {
      errors.add(id + ": title must be non-empty without a trailing period");
    }
    if (description.isBlank()) {
      errors.add(id + ": description is empty");
    }
    if (remediation.isBlank()) {
      errors.add(id + ": remediation is empty");
    }
    if (category.isBlank()) {
      errors.add(id + ": category is empty");
    }
    for (String m : mitre) {
      if (!m.matches("T[0-9]{4}(\\.[0-9]{3})?")) {
        errors.add(id + ": MITRE ATT&CK id " + m + " is malformed");
      }
    }
    return errors;
  }

  /** True when {@code selector} names this check by id, alias or category. */
  public boolean selectedBy(String selector) {
    return id.equalsIgnoreCase(selector)
        || category.equalsIgnoreCase(selector)
        || aliases.stream().anyMatch(a -> a.equalsIgnoreCase(selector));
  }

  private static int compareIds(String a, String b) {
    String[] x = a.split("[-.]");
    String[] y = b.split("[-.]");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c =
          isNumber(x[i]) && isNumber(y[i])
              ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]))
              : x[i].compareTo(y[i]);
      if (c != 0) {
        return c;
      }
    }
    return x.length != y.length ? Integer.compare(x.length, y.length) : a.compareTo(b);
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.length() < 18 && s.chars().allMatch(Character::isDigit);
  }
}
