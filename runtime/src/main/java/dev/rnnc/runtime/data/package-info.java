/**
 * Data for training in Java, with Keras 3.15's semantics and names: text to token ids ({@link
 * dev.rnnc.runtime.data.TextVectorization}, Keras' {@code TextVectorization}), ragged sequences to
 * rectangular arrays ({@link dev.rnnc.runtime.data.Sequences}, {@code pad_sequences}), labelled
 * text folders ({@link dev.rnnc.runtime.data.TextDirectory}, {@code text_dataset_from_directory}'s
 * layout, IMDB's {@code aclImdb}), and IDX files ({@link dev.rnnc.runtime.data.Idx}, MNIST and
 * Fashion-MNIST).
 *
 * <pre>{@code
 * TextDirectory.Dataset train = TextDirectory.read(Path.of("aclImdb/train"), "neg", "pos");
 * TextVectorization vectorize = TextVectorization.builder().maxTokens(20000).build();
 * vectorize.adapt(train.texts());
 * int[][] x = Sequences.pad(vectorize.vectorize(train.texts()), 200);   // (n, 200), pre-padded
 * History history = model.fit(x, train.binaryLabels(), new FitOptions().epochs(3));
 * }</pre>
 *
 * <p>Each class names the Keras source it follows and is checked against fixtures from real Keras
 * 3.15.1 ({@code tools/goldens/data_fixtures.py}); where it departs from Keras (mostly where Keras
 * fails with a NumPy or TensorFlow error) its Javadoc says so. Readers throw {@link
 * dev.rnnc.runtime.data.MalformedDataException} (an {@code IOException}) for data that is not what
 * they expect, naming the file, what was expected and what was found.
 */
package dev.rnnc.runtime.data;
