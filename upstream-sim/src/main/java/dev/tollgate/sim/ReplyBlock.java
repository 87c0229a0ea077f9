package dev.tollgate.sim;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One content block of a scripted reply, in the two forms the API sends: whole in a non-streaming
 * response, and as {@code content_block_start} plus deltas in a stream. Both forms come from the same
 * pieces, so a client that accumulates the deltas ends up with exactly the non-streaming block.
 */
sealed interface ReplyBlock {

    /** The block as it appears in a non-streaming {@code content} array. */
    JsonObject finalForm();

    /** The {@code content_block} of {@code content_block_start}: the block with empty content. */
    JsonObject startForm();

    /** The {@code delta} objects of the block's {@code content_block_delta} events, in order. */
    List<JsonObject> deltas();

    /** How many characters the block generates, the basis of the output token estimate. */
    int outputChars();

    /** A {@code text} block streamed as {@code text_delta} pieces. */
    record Text(List<String> pieces) implements ReplyBlock {

        /** The sentence split into that many non-empty pieces, repeated first if it is too short. */
        static Text of(String sentence, int pieces) {
            int copies = pieces / (sentence.length() + 1) + 1;
            String text = String.join(" ", Collections.nCopies(copies, sentence));
            return new Text(splitEvenly(text, pieces));
        }

        @Override
        public JsonObject finalForm() {
            return JsonFactories.BUILDERS
                    .createObjectBuilder()
                    .add("type", "text")
                    .add("text", String.join("", pieces))
                    .build();
        }

        @Override
        public JsonObject startForm() {
            return JsonFactories.BUILDERS
                    .createObjectBuilder()
                    .add("type", "text")
                    .add("text", "")
                    .build();
        }

        @Override
        public List<JsonObject> deltas() {
            return pieces.stream()
                    .map(piece -> JsonFactories.BUILDERS
                            .createObjectBuilder()
                            .add("type", "text_delta")
                            .add("text", piece)
                            .build())
                    .toList();
        }

        @Override
        public int outputChars() {
            return pieces.stream().mapToInt(String::length).sum();
        }
    }

    /** A {@code tool_use} block whose input JSON is streamed as {@code input_json_delta} pieces. */
    record ToolUse(String id, String name, List<String> partialJson) implements ReplyBlock {

        @Override
        public JsonObject finalForm() {
            try (var reader = JsonFactories.READERS.createReader(new StringReader(String.join("", partialJson)))) {
                return JsonFactories.BUILDERS
                        .createObjectBuilder()
                        .add("type", "tool_use")
                        .add("id", id)
                        .add("name", name)
                        .add("input", reader.readObject())
                        .build();
            }
        }

        @Override
        public JsonObject startForm() {
            return JsonFactories.BUILDERS
                    .createObjectBuilder()
                    .add("type", "tool_use")
                    .add("id", id)
                    .add("name", name)
                    .add("input", JsonObject.EMPTY_JSON_OBJECT)
                    .build();
        }

        @Override
        public List<JsonObject> deltas() {
            return partialJson.stream()
                    .map(piece -> JsonFactories.BUILDERS
                            .createObjectBuilder()
                            .add("type", "input_json_delta")
                            .add("partial_json", piece)
                            .build())
                    .toList();
        }

        @Override
        public int outputChars() {
            return name.length() + partialJson.stream().mapToInt(String::length).sum();
        }
    }

    /** A {@code thinking} block: {@code thinking_delta} pieces, then one {@code signature_delta}. */
    record Thinking(List<String> pieces, String signature) implements ReplyBlock {

        @Override
        public JsonObject finalForm() {
            return JsonFactories.BUILDERS
                    .createObjectBuilder()
                    .add("type", "thinking")
                    .add("thinking", String.join("", pieces))
                    .add("signature", signature)
                    .build();
        }

        @Override
        public JsonObject startForm() {
            return JsonFactories.BUILDERS
                    .createObjectBuilder()
                    .add("type", "thinking")
                    .add("thinking", "")
                    .add("signature", "")
                    .build();
        }

        @Override
        public List<JsonObject> deltas() {
            List<JsonObject> deltas = new ArrayList<>();
            for (String piece : pieces) {
                deltas.add(JsonFactories.BUILDERS
                        .createObjectBuilder()
                        .add("type", "thinking_delta")
                        .add("thinking", piece)
                        .build());
            }
            deltas.add(JsonFactories.BUILDERS
                    .createObjectBuilder()
                    .add("type", "signature_delta")
                    .add("signature", signature)
                    .build());
            return deltas;
        }

        @Override
        public int outputChars() {
            return pieces.stream().mapToInt(String::length).sum();
        }
    }

    private static List<String> splitEvenly(String text, int pieces) {
        List<String> result = new ArrayList<>(pieces);
        long length = text.length();
        for (int i = 0; i < pieces; i++) {
            result.add(text.substring((int) (i * length / pieces), (int) ((i + 1) * length / pieces)));
        }
        return result;
    }
}
