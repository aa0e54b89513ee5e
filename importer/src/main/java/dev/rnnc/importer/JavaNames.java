package dev.rnnc.importer;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Java names for Keras names.
 *
 * <p>A layer method keeps the Keras layer name whenever that is a usable Java method name, since
 * {@code load} matches weights by name. Otherwise it gets a new name that no Keras layer of the
 * model carries; {@code load} then pairs it by order among the layers of its kind, which is exact
 * because the interface declares the layers in Keras' order.
 */
final class JavaNames {
  /**
   * Names a layer method cannot take: those of {@code Object} and of {@code RnncModel} (which
   * the generated class also implements), and the call methods the importer writes.
   */
  private static final Set<String> RESERVED = Set.of("getClass", "hashCode", "equals", "toString", "clone",
      "finalize", "notify", "notifyAll", "wait", "modelName", "layers", "predict", "predictInto");

  /** Identifiers that cannot name a type (JLS 3.9, TypeIdentifier). */
  private static final Set<String> NOT_TYPE_NAMES = Set.of("var", "yield", "record", "sealed", "permits");

  private JavaNames() {}

  /** Whether {@code name} can be a layer method's name as it is. */
  static boolean isUsableMethodName(String name) {
    return SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name) && !RESERVED.contains(name);
  }

  /**
   * The method name for a Keras layer name: the name itself when usable, else a name made of its
   * letters, digits and underscores that is neither any Keras name of the model nor already taken.
   *
   * @param kerasNames every layer name of the model (a new name must not match another layer's
   *     weights by name)
   * @param taken method names already given; the result is added
   */
  static String methodName(String kerasName, Collection<String> kerasNames, Set<String> taken) {
    String name = kerasName;
    if (!isUsableMethodName(name) || taken.contains(name)) {
      StringBuilder sb = new StringBuilder();
      kerasName.codePoints().forEach(c -> sb.appendCodePoint(Character.isJavaIdentifierPart(c) ? c : '_'));
      String base = sb.isEmpty() || !Character.isJavaIdentifierStart(sb.codePointAt(0)) ? "layer_" + sb : sb.toString();
      if (!isUsableMethodName(base)) {
        base = base + "_";
      }
      Set<String> avoid = new HashSet<>(kerasNames);
      avoid.addAll(taken);
      name = base;
      for (int k = 2; avoid.contains(name); k++) {
        name = base + "_" + k;
      }
    }
    taken.add(name);
    return name;
  }

  /** A type name from a Keras model name: {@code keras_zip} → {@code KerasZip}; null if none fits. */
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
    return SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name) && !NOT_TYPE_NAMES.contains(name);
  }

  /** Whether {@code name} is a package name ({@code com.acme.models}). */
  static boolean isPackageName(String name) {
    return SourceVersion.isName(name);
  }
}
