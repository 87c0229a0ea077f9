package dev.tollgate.openai.control;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import dev.tollgate.messages.control.JsonDocuments;
import dev.tollgate.openai.entity.OpenAiRequestException;
import dev.tollgate.openai.entity.TranslatedRequest;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates a Chat Completions request into a Messages API request. Every parameter is either
 * mapped, accepted because it changes nothing here, or refused with an {@link
 * OpenAiRequestException}: a client must never believe a setting took effect when it did not.
 */
public final class ChatRequestTranslator {

    /** Parameters that, at the values OpenAI treats as "off", change nothing and are accepted. */
    private static final Set<String> MAPPED = Set.of(
            "model",
            "messages",
            "max_tokens",
            "max_completion_tokens",
            "temperature",
            "top_p",
            "stop",
            "user",
            "stream",
            "stream_options",
            "tools",
            "tool_choice",
            "parallel_tool_calls",
            "response_format",
            "reasoning_effort",
            "n",
            "logprobs",
            "presence_penalty",
            "frequency_penalty",
            "logit_bias",
            "store",
            "service_tier",
            "metadata",
            "modalities");

    /** The service tiers that mean "the usual one", which is what the Claude API gives. */
    private static final Set<String> STANDARD_TIERS = Set.of("auto", "default");

    private static final Pattern DATA_URI = Pattern.compile("^data:([\\w.+-]+/[\\w.+-]+);base64,(.+)$", Pattern.DOTALL);

    /** The name of the tool a {@code json_schema} response format becomes when it has none. */
    static final String DEFAULT_FORMAT_TOOL = "json_response";

    private final int defaultMaxTokens;
    private final Map<String, Integer> reasoningBudgets;

    /**
     * @param defaultMaxTokens the Messages API requires {@code max_tokens}; Chat Completions does not
     * @param reasoningBudgets thinking budget in tokens per {@code reasoning_effort} (low, medium, high)
     */
    public ChatRequestTranslator(int defaultMaxTokens, Map<String, Integer> reasoningBudgets) {
        this.defaultMaxTokens = defaultMaxTokens;
        this.reasoningBudgets = Map.copyOf(reasoningBudgets);
    }

    public TranslatedRequest translate(byte[] body) {
        JsonObject request = parse(body);
        for (String name : request.keySet()) {
            if (!MAPPED.contains(name)) {
                throw new OpenAiRequestException(
                        name,
                        "Unrecognized or unsupported request argument: " + name
                                + " (see docs/openai-compatibility.md)");
            }
        }
        refuseUnmappable(request);
        String model = requiredString(request, "model");

        JsonObjectBuilder messages = JSON.createObjectBuilder().add("model", model);
        Conversation conversation = conversation(request);
        int maxTokens = maxTokens(request);
        String formatTool = null;
        JsonArrayBuilder system = conversation.system;
        JsonValue format = request.get("response_format");
        JsonArrayBuilder tools = tools(request);
        JsonObject toolChoice = toolChoice(request);
        if (format instanceof JsonObject responseFormat) {
            String type = responseFormat.getString("type", "");
            switch (type) {
                case "text" -> {}
                case "json_object" ->
                    system.add(text("Respond with one JSON object and nothing else: no prose, no code fences."));
                case "json_schema" -> {
                    if (request.containsKey("tools")) {
                        throw new OpenAiRequestException(
                                "response_format", "response_format json_schema cannot be combined with tools here");
                    }
                    JsonObject schema = responseFormat.get("json_schema") instanceof JsonObject s ? s : null;
                    if (schema == null || !(schema.get("schema") instanceof JsonObject)) {
                        throw new OpenAiRequestException(
                                "response_format.json_schema.schema", "json_schema needs a schema object");
                    }
                    formatTool = schema.getString("name", DEFAULT_FORMAT_TOOL);
                    // a forced tool call: the API makes its input match the schema, which an instruction cannot
                    tools = JSON.createArrayBuilder()
                            .add(JSON.createObjectBuilder()
                                    .add("name", formatTool)
                                    .add(
                                            "description",
                                            schema.getString("description", "Give the answer as this JSON."))
                                    .add("input_schema", schema.getJsonObject("schema")));
                    toolChoice = JSON.createObjectBuilder()
                            .add("type", "tool")
                            .add("name", formatTool)
                            .build();
                }
                default ->
                    throw new OpenAiRequestException("response_format.type", "Unknown response_format type: " + type);
            }
        } else if (format != null && format != JsonValue.NULL) {
            throw new OpenAiRequestException("response_format", "response_format must be an object");
        }

        JsonArray systemBlocks = system.build();
        if (!systemBlocks.isEmpty()) {
            messages.add("system", systemBlocks);
        }
        messages.add("messages", conversation.turns);
        JsonValue effort = request.get("reasoning_effort");
        if (effort != null && effort != JsonValue.NULL) {
            String level = effort instanceof JsonString s ? s.getString() : "";
            Integer budget = reasoningBudgets.get(level);
            if (budget == null) {
                throw new OpenAiRequestException(
                        "reasoning_effort", "reasoning_effort must be one of " + reasoningBudgets.keySet());
            }
            if (hasMaxTokens(request) && maxTokens <= budget) {
                throw new OpenAiRequestException(
                        "max_completion_tokens",
                        "reasoning_effort " + level + " thinks with " + budget
                                + " tokens, which count against max_completion_tokens: ask for more than that");
            }
            if (!hasMaxTokens(request)) {
                maxTokens = budget + defaultMaxTokens;
            }
            messages.add(
                    "thinking",
                    JSON.createObjectBuilder().add("type", "enabled").add("budget_tokens", budget));
        }
        messages.add("max_tokens", maxTokens);
        copyNumber(
                request,
                "temperature",
                messages,
                0,
                1,
                "temperature above 1 has no equivalent (the Messages API takes 0 to 1)");
        copyNumber(request, "top_p", messages, 0, 1, "top_p must be between 0 and 1");
        JsonArray stop = stop(request);
        if (stop != null) {
            messages.add("stop_sequences", stop);
        }
        JsonValue user = given(request, "user");
        if (user instanceof JsonString id) {
            messages.add("metadata", JSON.createObjectBuilder().add("user_id", id.getString()));
        } else if (user != null) {
            throw new OpenAiRequestException("user", "user must be a string");
        }
        JsonArray toolList = tools.build();
        if (!toolList.isEmpty()) {
            messages.add("tools", toolList);
        }
        if (toolChoice != null) {
            messages.add("tool_choice", toolChoice);
        }
        boolean stream = bool(request, "stream");
        boolean includeUsage = includeUsage(request, stream);
        if (stream) {
            messages.add("stream", true);
        }
        return new TranslatedRequest(
                messages.build().toString().getBytes(StandardCharsets.UTF_8), model, stream, includeUsage, formatTool);
    }

    /**
     * The body as one JSON object. Parsing goes through {@link JsonDocuments}, which also refuses
     * trailing content after the object (as the native path does) and turns Parsson's plain
     * RuntimeException for very deep nesting into "not JSON", so hostile input is a 400, never a 500.
     */
    private static JsonObject parse(byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        JsonObject object = JsonDocuments.parseObjectOrNull(text);
        if (object != null) {
            return object;
        }
        throw new OpenAiRequestException(
                null,
                JsonDocuments.isSingleDocument(text)
                        ? "The request body must be a JSON object."
                        : "The request body is not valid JSON (expected exactly one JSON object).");
    }

    /**
     * The parameters that exist in Chat Completions but have no Messages API equivalent: accepted
     * only at the value OpenAI treats as "off", refused otherwise. A value of the wrong type is
     * refused as well: reading {@code "n": "3"} as "off" would be exactly the silence this avoids.
     */
    private static void refuseUnmappable(JsonObject request) {
        JsonValue n = given(request, "n");
        if (n != null && !(n instanceof JsonNumber one && one.isIntegral() && one.intValue() == 1)) {
            throw new OpenAiRequestException(
                    "n", "Only n = 1 is supported: the Messages API gives one answer per request");
        }
        if (bool(request, "logprobs")) {
            throw new OpenAiRequestException("logprobs", "logprobs are not available from the Messages API");
        }
        for (String penalty : List.of("presence_penalty", "frequency_penalty")) {
            JsonValue value = given(request, penalty);
            if (value != null && !(value instanceof JsonNumber number && number.doubleValue() == 0)) {
                throw new OpenAiRequestException(penalty, penalty + " has no equivalent in the Messages API");
            }
        }
        JsonValue bias = given(request, "logit_bias");
        if (bias != null && !(bias instanceof JsonObject none && none.isEmpty())) {
            throw new OpenAiRequestException("logit_bias", "logit_bias has no equivalent in the Messages API");
        }
        if (bool(request, "store")) {
            throw new OpenAiRequestException(
                    "store", "Tollgate does not store completions for OpenAI's API; its journal records every request");
        }
        JsonValue modalities = given(request, "modalities");
        if (modalities != null
                && !modalities.equals(JSON.createArrayBuilder().add("text").build())) {
            throw new OpenAiRequestException("modalities", "Only the text modality is supported");
        }
        JsonValue metadata = given(request, "metadata");
        if (metadata != null && !(metadata instanceof JsonObject)) {
            throw new OpenAiRequestException("metadata", "metadata must be an object");
        }
        JsonValue tier = given(request, "service_tier");
        if (tier != null && !(tier instanceof JsonString standard && STANDARD_TIERS.contains(standard.getString()))) {
            throw new OpenAiRequestException(
                    "service_tier",
                    "Only service_tier auto or default is supported: the Claude API has no flex or priority tier");
        }
    }

    /** {@code stream_options} is OpenAI's only with a stream, as OpenAI itself insists. */
    private static boolean includeUsage(JsonObject request, boolean stream) {
        JsonValue options = given(request, "stream_options");
        if (options == null) {
            return false;
        }
        if (!stream) {
            throw new OpenAiRequestException("stream_options", "stream_options is only allowed when stream is true");
        }
        if (!(options instanceof JsonObject object)) {
            throw new OpenAiRequestException("stream_options", "stream_options must be an object");
        }
        JsonValue include = given(object, "include_usage");
        if (include != null
                && include.getValueType() != JsonValue.ValueType.TRUE
                && include.getValueType() != JsonValue.ValueType.FALSE) {
            throw new OpenAiRequestException(
                    "stream_options.include_usage", "stream_options.include_usage must be true or false");
        }
        return include != null && include.getValueType() == JsonValue.ValueType.TRUE;
    }

    /** The value of a field, or null when it is absent or JSON null (both mean "not asked for"). */
    private static JsonValue given(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
    }

    private record Conversation(JsonArrayBuilder system, JsonArray turns) {}

    /**
     * System and developer messages become the top-level system prompt, in order; tool messages
     * become tool_result blocks; neighbouring messages of the same role are merged, as the Messages
     * API wants user and assistant turns to alternate.
     */
    private static Conversation conversation(JsonObject request) {
        if (!(request.get("messages") instanceof JsonArray messages) || messages.isEmpty()) {
            throw new OpenAiRequestException("messages", "messages must be a non-empty array");
        }
        JsonArrayBuilder system = JSON.createArrayBuilder();
        List<String> roles = new ArrayList<>();
        List<JsonArrayBuilder> contents = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            String where = "messages[" + i + "]";
            if (!(messages.get(i) instanceof JsonObject message)) {
                throw new OpenAiRequestException(where, "Each message must be an object");
            }
            if (given(message, "function_call") != null) {
                throw new OpenAiRequestException(
                        where + ".function_call", "The legacy function_call is not supported; use tool_calls");
            }
            if (given(message, "audio") != null) {
                throw new OpenAiRequestException(where + ".audio", "Audio is not available from the Messages API");
            }
            String role = message.get("role") instanceof JsonString r ? r.getString() : "";
            List<JsonObject> blocks =
                    switch (role) {
                        case "system", "developer" -> {
                            for (JsonObject block : textParts(message.get("content"), where + ".content")) {
                                system.add(block);
                            }
                            yield List.of();
                        }
                        case "user" -> userContent(message.get("content"), where + ".content");
                        case "assistant" -> assistantContent(message, where);
                        case "tool" -> List.of(toolResult(message, where));
                        default ->
                            throw new OpenAiRequestException(
                                    where + ".role",
                                    "Unsupported role '" + role + "' (system, developer, user, assistant, tool)");
                    };
            if (blocks.isEmpty()) {
                continue;
            }
            String turnRole = role.equals("assistant") ? "assistant" : "user";
            if (roles.isEmpty() || !roles.get(roles.size() - 1).equals(turnRole)) {
                roles.add(turnRole);
                contents.add(JSON.createArrayBuilder());
            }
            JsonArrayBuilder content = contents.get(contents.size() - 1);
            blocks.forEach(content::add);
        }
        if (roles.isEmpty()) {
            throw new OpenAiRequestException("messages", "messages must hold at least one user or assistant message");
        }
        JsonArrayBuilder turns = JSON.createArrayBuilder();
        for (int i = 0; i < roles.size(); i++) {
            turns.add(JSON.createObjectBuilder().add("role", roles.get(i)).add("content", contents.get(i)));
        }
        return new Conversation(system, turns.build());
    }

    private static JsonObject text(String text) {
        return JSON.createObjectBuilder().add("type", "text").add("text", text).build();
    }

    /** A string, or an array of text parts (refusals read as text). */
    private static List<JsonObject> textParts(JsonValue content, String where) {
        if (content instanceof JsonString text) {
            return text.getString().isEmpty() ? List.of() : List.of(text(text.getString()));
        }
        if (content == null || content == JsonValue.NULL) {
            return List.of();
        }
        if (!(content instanceof JsonArray parts)) {
            throw new OpenAiRequestException(where, "content must be a string or an array of parts");
        }
        List<JsonObject> blocks = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            JsonObject part = parts.get(i) instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
            String type = part.getString("type", "");
            if (type.equals("text") && part.get("text") instanceof JsonString text) {
                blocks.add(text(text.getString()));
            } else if (type.equals("refusal") && part.get("refusal") instanceof JsonString refusal) {
                blocks.add(text(refusal.getString()));
            } else {
                throw new OpenAiRequestException(
                        where + "[" + i + "]", "Unsupported content part '" + type + "' here (text only)");
            }
        }
        return blocks;
    }

    private static List<JsonObject> userContent(JsonValue content, String where) {
        if (!(content instanceof JsonArray parts)) {
            List<JsonObject> text = textParts(content, where);
            if (text.isEmpty()) {
                throw new OpenAiRequestException(where, "A user message needs content");
            }
            return text;
        }
        List<JsonObject> blocks = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String partWhere = where + "[" + i + "]";
            JsonObject part = parts.get(i) instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
            String type = part.getString("type", "");
            switch (type) {
                case "text" ->
                    blocks.addAll(textParts(JSON.createArrayBuilder().add(part).build(), where));
                case "image_url" -> blocks.add(image(part, partWhere));
                default ->
                    throw new OpenAiRequestException(
                            partWhere, "Unsupported content part '" + type + "' (text and image_url are supported)");
            }
        }
        return blocks;
    }

    private static JsonObject image(JsonObject part, String where) {
        String url = part.get("image_url") instanceof JsonObject image && image.get("url") instanceof JsonString u
                ? u.getString()
                : part.get("image_url") instanceof JsonString u ? u.getString() : "";
        Matcher data = DATA_URI.matcher(url);
        JsonObjectBuilder source = JSON.createObjectBuilder();
        if (data.matches()) {
            source.add("type", "base64").add("media_type", data.group(1)).add("data", data.group(2));
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            source.add("type", "url").add("url", url);
        } else {
            throw new OpenAiRequestException(
                    where + ".image_url.url", "An image must be a base64 data URI or an http(s) URL");
        }
        return JSON.createObjectBuilder()
                .add("type", "image")
                .add("source", source)
                .build();
    }

    private static List<JsonObject> assistantContent(JsonObject message, String where) {
        List<JsonObject> blocks = new ArrayList<>(textParts(message.get("content"), where + ".content"));
        if (message.get("tool_calls") instanceof JsonArray calls) {
            for (int i = 0; i < calls.size(); i++) {
                String callWhere = where + ".tool_calls[" + i + "]";
                JsonObject call = calls.get(i) instanceof JsonObject c ? c : JsonValue.EMPTY_JSON_OBJECT;
                JsonObject function = call.get("function") instanceof JsonObject f ? f : null;
                if (!"function".equals(call.getString("type", "function")) || function == null) {
                    throw new OpenAiRequestException(callWhere, "Only function tool calls are supported");
                }
                JsonValue input;
                String arguments = function.getString("arguments", "{}");
                try (var reader = JSON.createReader(new java.io.StringReader(arguments.isBlank() ? "{}" : arguments))) {
                    input = reader.readValue();
                } catch (JsonException | IllegalStateException e) {
                    throw new OpenAiRequestException(
                            callWhere + ".function.arguments", "Tool call arguments are not valid JSON");
                }
                if (!(input instanceof JsonObject)) {
                    throw new OpenAiRequestException(
                            callWhere + ".function.arguments", "Tool call arguments must be a JSON object");
                }
                blocks.add(JSON.createObjectBuilder()
                        .add("type", "tool_use")
                        .add("id", requiredString(call, "id", callWhere + ".id"))
                        .add("name", requiredString(function, "name", callWhere + ".function.name"))
                        .add("input", input)
                        .build());
            }
        }
        return blocks;
    }

    private static JsonObject toolResult(JsonObject message, String where) {
        JsonObjectBuilder result = JSON.createObjectBuilder()
                .add("type", "tool_result")
                .add("tool_use_id", requiredString(message, "tool_call_id", where + ".tool_call_id"));
        JsonValue content = message.get("content");
        if (content instanceof JsonString text) {
            result.add("content", text.getString());
        } else {
            JsonArrayBuilder parts = JSON.createArrayBuilder();
            textParts(content, where + ".content").forEach(parts::add);
            result.add("content", parts);
        }
        return result.build();
    }

    private static JsonArrayBuilder tools(JsonObject request) {
        JsonArrayBuilder tools = JSON.createArrayBuilder();
        JsonValue value = request.get("tools");
        if (value == null || value == JsonValue.NULL) {
            return tools;
        }
        if (!(value instanceof JsonArray list)) {
            throw new OpenAiRequestException("tools", "tools must be an array");
        }
        for (int i = 0; i < list.size(); i++) {
            String where = "tools[" + i + "]";
            JsonObject tool = list.get(i) instanceof JsonObject t ? t : JsonValue.EMPTY_JSON_OBJECT;
            if (!"function".equals(tool.getString("type", ""))
                    || !(tool.get("function") instanceof JsonObject function)) {
                throw new OpenAiRequestException(where + ".type", "Only function tools are supported");
            }
            JsonObjectBuilder mapped =
                    JSON.createObjectBuilder().add("name", requiredString(function, "name", where + ".function.name"));
            if (function.get("description") instanceof JsonString description) {
                mapped.add("description", description.getString());
            }
            mapped.add(
                    "input_schema",
                    function.get("parameters") instanceof JsonObject parameters
                            ? parameters
                            : JSON.createObjectBuilder()
                                    .add("type", "object")
                                    .add("properties", JsonValue.EMPTY_JSON_OBJECT)
                                    .build());
            tools.add(mapped);
        }
        return tools;
    }

    private static JsonObject toolChoice(JsonObject request) {
        JsonValue choice = given(request, "tool_choice");
        boolean parallel = bool(request, "parallel_tool_calls", true);
        if (!(request.get("tools") instanceof JsonArray tools) || tools.isEmpty()) {
            if (choice != null) {
                throw new OpenAiRequestException("tool_choice", "tool_choice needs tools");
            }
            return null; // without tools the Messages API wants no tool_choice either
        }
        String type;
        String name = null;
        if (choice == null) {
            type = "auto";
        } else if (choice instanceof JsonString mode
                && Set.of("none", "auto", "required").contains(mode.getString())) {
            type = mode.getString().equals("required") ? "any" : mode.getString();
        } else if (choice instanceof JsonObject named
                && named.get("function") instanceof JsonObject function
                && function.get("name") instanceof JsonString functionName) {
            type = "tool";
            name = functionName.getString();
        } else {
            throw new OpenAiRequestException("tool_choice", "tool_choice must be none, auto, required or a function");
        }
        JsonObjectBuilder mapped = JSON.createObjectBuilder().add("type", type);
        if (name != null) {
            mapped.add("name", name);
        }
        // the Messages API takes disable_parallel_tool_use with auto, any and tool, and refuses it with none
        if (!parallel && !type.equals("none")) {
            mapped.add("disable_parallel_tool_use", true);
        }
        return mapped.build();
    }

    private static boolean hasMaxTokens(JsonObject request) {
        return request.get("max_completion_tokens") instanceof JsonNumber
                || request.get("max_tokens") instanceof JsonNumber;
    }

    private int maxTokens(JsonObject request) {
        for (String name : List.of("max_completion_tokens", "max_tokens")) {
            JsonValue value = request.get(name);
            if (value instanceof JsonNumber number) {
                if (!number.isIntegral() || number.longValue() < 1 || number.longValue() > Integer.MAX_VALUE) {
                    throw new OpenAiRequestException(name, name + " must be a positive whole number");
                }
                return number.intValue();
            }
            if (value != null && value != JsonValue.NULL) {
                throw new OpenAiRequestException(name, name + " must be a number");
            }
        }
        return defaultMaxTokens;
    }

    private static void copyNumber(
            JsonObject request, String name, JsonObjectBuilder target, double min, double max, String outOfRange) {
        JsonValue value = request.get(name);
        if (value == null || value == JsonValue.NULL) {
            return;
        }
        if (!(value instanceof JsonNumber number)) {
            throw new OpenAiRequestException(name, name + " must be a number");
        }
        if (number.doubleValue() < min || number.doubleValue() > max) {
            throw new OpenAiRequestException(name, outOfRange);
        }
        target.add(name, number);
    }

    private static JsonArray stop(JsonObject request) {
        JsonValue stop = request.get("stop");
        if (stop == null || stop == JsonValue.NULL) {
            return null;
        }
        if (stop instanceof JsonString one) {
            return JSON.createArrayBuilder().add(one.getString()).build();
        }
        if (stop instanceof JsonArray many && many.stream().allMatch(JsonString.class::isInstance)) {
            return many;
        }
        throw new OpenAiRequestException("stop", "stop must be a string or an array of strings");
    }

    private static boolean bool(JsonObject request, String name) {
        return bool(request, name, false);
    }

    private static boolean bool(JsonObject request, String name, boolean absent) {
        JsonValue value = given(request, name);
        if (value == null) {
            return absent;
        }
        if (value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE) {
            return value.getValueType() == JsonValue.ValueType.TRUE;
        }
        throw new OpenAiRequestException(name, name + " must be true or false");
    }

    private static String requiredString(JsonObject object, String name) {
        return requiredString(object, name, name);
    }

    private static String requiredString(JsonObject object, String name, String where) {
        if (object.get(name) instanceof JsonString value && !value.getString().isBlank()) {
            return value.getString();
        }
        throw new OpenAiRequestException(where, where + " is required (a string)");
    }
}
