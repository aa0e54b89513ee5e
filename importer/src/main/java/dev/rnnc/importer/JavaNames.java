package dev.rnnc.importer;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Java names for Keras names.
 *
 * <p>A layer method keeps the Keras layer name whenever that is a usable Java method name that
 * gives other generated names than the earlier layers' (the processor derives constants such as
 * {@code DENSE_A_UNITS} and methods such as {@code runDenseA} from it, so {@code head}/{@code Head}
 * or {@code denseA}/{@code dense_a} would collide), since {@code load} matches weights by name.
 * Otherwise it gets a new name that no Keras layer of the model carries and that collides with
 * none; {@code load} then pairs it by order among the layers of its kind, which is exact because
 * the interface declares the layers in Keras' order.
 */
final class JavaNames {
  /**
   * Names a layer method cannot take: those of {@code Object} and the no-argument ones of {@code
   * RnncModel} (which the generated class also implements), and the call methods the importer
   * writes.
   */
  private static final Set<String> RESERVED =
      Set.of(
          "getClass",
          "hashCode",
          "equals",
          "toString",
          "clone",
          "finalize",
          "notify",
          "notifyAll",
          "wait",
          "modelName",
          "layers",
          "resetStates",
          "predict",
          "predictInto",
          "step");

  /** Identifiers that cannot name a type (JLS 3.9, TypeIdentifier). */
  private static final Set<String> NOT_TYPE_NAMES =
      Set.of("var", "yield", "record", "sealed", "permits");

  private JavaNames() {}

  /** Whether {@code name} can be a layer method's name as it is. */
  static boolean isUsableMethodName(String name) {
    return SourceVersion.isIdentifier(name)
        && !SourceVersion.isKeyword(name)
        && !RESERVED.contains(name);
  }

  /**
   * A layer method's name.
   *
   * @param name the method name
   * @param clashesWith when the Keras name was usable but gives the same generated names as an
   *     earlier layer's, that layer's method name; else null
   */
  record MethodName(String name, String clashesWith) {}

  /**
   * The method name for a Keras layer name: the name itself when usable and not clashing with an
   * earlier layer's, else a name made of its letters, digits and underscores that is no Keras name
   * of the model and clashes with none of them nor with a name already given.
   *
   * @param kerasNames every layer name of the model (a new name must not match another layer's
   *     weights by name)
   * @param taken method names already given; the result is added
   */
  static MethodName methodName(String kerasName, Collection<String> kerasNames, Set<String> taken) {
    String clash = isUsableMethodName(kerasName) ? clashingName(kerasName, taken) : null;
    String name = kerasName;
    if (!isUsableMethodName(name) || taken.contains(name) || clash != null) {
      StringBuilder sb = new StringBuilder();
      kerasName
          .codePoints()
          .forEach(c -> sb.appendCodePoint(Character.isJavaIdentifierPart(c) ? c : '_'));
      String base =
          sb.isEmpty() || !Character.isJavaIdentifierStart(sb.codePointAt(0))
              ? "layer_" + sb
              : sb.toString();
      if (!isUsableMethodName(base)) {
        base = base + "_";
      }
      Set<String> avoid = new HashSet<>(kerasNames);
      avoid.addAll(taken);
      name = base;
      for (int k = 2; avoid.contains(name) || clashingName(name, avoid) != null; k++) {
        name = base + "_" + k;
      }
    }
    taken.add(name);
    return new MethodName(name, clash);
  }

  /**
   * The first of {@code others} (other than {@code name} itself) from which the processor would
   * derive a constant or method name that {@code name} also gives, or null.
   */
  static String clashingName(String name, Collection<String> others) {
    List<String> keys = generatedKeys(name);
    for (String other : others) {
      if (!other.equals(name) && generatedKeys(other).stream().anyMatch(keys::contains)) {
        return other;
      }
    }
    return null;
  }

  /**
   * What the processor derives from a layer name that must differ between layers: the constant
   * prefix ({@code denseA} and {@code dense_a} both give {@code DENSE_A_...}) and the capitalized
   * name in method names ({@code head} and {@code Head} both give {@code runHead}).
   */
  private static List<String> generatedKeys(String name) {
    if (name.isEmpty()) {
      return List.of();
    }
    String constant = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    String capitalized = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    return List.of("constant " + constant, "method " + capitalized);
  }

  /**
   * A type name from a Keras model name: {@code keras_zip} → {@code KerasZip}; null if none fits.
   */
  static String typeName(String modelName) {
    StringBuilder sb = new StringBuilder();
    for (String part : modelName.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    if (!sb.isEmpty() && Character.isDigit(sb.charAt(0))) {
      sb.insert(0, "Model");
    }
    String name = sb.toString();
    return isTypeName(name) ? name : null;
  }

  /** Whether {@code name} can name a top-level interface. */
  static boolean isTypeName(String name) {
    return SourceVersion.isIdentifier(name)
        && !SourceVersion.isKeyword(name)
        && !NOT_TYPE_NAMES.contains(name);
  }

  /** Whether {@code name} is a package name ({@code com.acme.models}). */
  static boolean isPackageName(String name) {
    return SourceVersion.isName(name);
  }
}
