package dev.tollgate.openai.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.openai.entity.OpenAiRequestException;
import dev.tollgate.openai.entity.TranslatedRequest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatRequestTranslatorTest {

    private final ChatRequestTranslator translator =
            new ChatRequestTranslator(4096, Map.of("low", 1024, "medium", 4096, "high", 16384));

    private TranslatedRequest translate(String json) {
        return translator.translate(json.getBytes(StandardCharsets.UTF_8));
    }

    private JsonObject messages(String json) {
        return Json.createReader(new ByteArrayInputStream(translate(json).messagesBody()))
                .readObject();
    }

    @Test
    void systemAndDeveloperMessagesBecomeTheSystemPromptAndMaxTokensGetsADefault() {
        JsonObject sent = messages("{\"model\":\"claude-sonnet-4-5\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"Use metric units.\"}]},"
                + "{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(sent.getJsonArray("system").toString())
                .isEqualTo(
                        "[{\"type\":\"text\",\"text\":\"Be brief.\"},{\"type\":\"text\",\"text\":\"Use metric units.\"}]");
        assertThat(sent.getJsonArray("messages").toString())
                .isEqualTo("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]");
        assertThat(sent.getInt("max_tokens")).isEqualTo(4096);
        assertThat(sent.containsKey("stream")).isFalse();
        assertThat(sent.containsKey("tool_choice")).isFalse();
    }

    @Test
    void samplingStopUserAndStreamOptionsAreMapped() {
        TranslatedRequest translated =
                translate("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                        + "\"max_completion_tokens\":100,\"max_tokens\":5,\"temperature\":0.5,\"top_p\":0.9,"
                        + "\"stop\":\"END\",\"user\":\"alice\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"n\":1,\"presence_penalty\":0,\"logprobs\":false,\"store\":false}");
        JsonObject sent = Json.createReader(new ByteArrayInputStream(translated.messagesBody()))
                .readObject();
        assertThat(sent.getInt("max_tokens")).isEqualTo(100); // max_completion_tokens wins over the deprecated one
        assertThat(sent.getJsonNumber("temperature").doubleValue()).isEqualTo(0.5);
        assertThat(sent.getJsonNumber("top_p").doubleValue()).isEqualTo(0.9);
        assertThat(sent.getJsonArray("stop_sequences").toString()).isEqualTo("[\"END\"]");
        assertThat(sent.getJsonObject("metadata").getString("user_id")).isEqualTo("alice");
        assertThat(sent.getBoolean("stream")).isTrue();
        assertThat(translated.stream()).isTrue();
        assertThat(translated.includeUsage()).isTrue();
    }

    @Test
    void imagesToolCallsAndToolResultsBecomeBlocksAndNeighbouringTurnsMerge() {
        JsonObject sent = messages("{\"model\":\"m\",\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.jpg\",\"detail\":\"low\"}}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"look\",\"arguments\":\"{\\\"at\\\":\\\"cat\\\"}\"}},"
                + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"look\",\"arguments\":\"\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"a cat\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":[{\"type\":\"text\",\"text\":\"still a cat\"}]},"
                + "{\"role\":\"user\",\"content\":\"Thanks\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"look\",\"description\":\"Look\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"at\":{\"type\":\"string\"}}}}}],"
                + "\"tool_choice\":\"required\",\"parallel_tool_calls\":false}");
        var turns = sent.getJsonArray("messages");
        assertThat(turns).hasSize(3); // user, assistant, and the tool results merged with the next user text
        var user = turns.getJsonObject(0).getJsonArray("content");
        assertThat(user.getJsonObject(1).getJsonObject("source").toString())
                .isEqualTo("{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}");
        assertThat(user.getJsonObject(2).getJsonObject("source").toString())
                .isEqualTo("{\"type\":\"url\",\"url\":\"https://example.com/cat.jpg\"}");
        var assistant = turns.getJsonObject(1).getJsonArray("content");
        assertThat(assistant.toString())
                .isEqualTo("[{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"look\",\"input\":{\"at\":\"cat\"}},"
                        + "{\"type\":\"tool_use\",\"id\":\"call_2\",\"name\":\"look\",\"input\":{}}]");
        var results = turns.getJsonObject(2);
        assertThat(results.getString("role")).isEqualTo("user");
        assertThat(results.getJsonArray("content").toString())
                .isEqualTo("[{\"type\":\"tool_result\",\"tool_use_id\":\"call_1\",\"content\":\"a cat\"},"
                        + "{\"type\":\"tool_result\",\"tool_use_id\":\"call_2\",\"content\":[{\"type\":\"text\",\"text\":\"still a cat\"}]},"
                        + "{\"type\":\"text\",\"text\":\"Thanks\"}]");
        assertThat(sent.getJsonArray("tools")
                        .getJsonObject(0)
                        .getJsonObject("input_schema")
                        .getString("type"))
                .isEqualTo("object");
        assertThat(sent.getJsonObject("tool_choice").toString())
                .isEqualTo("{\"type\":\"any\",\"disable_parallel_tool_use\":true}");
    }

    @ParameterizedTest
    @CsvSource({"none,none", "auto,auto", "required,any"})
    void toolChoiceModes(String openAi, String anthropic) {
        JsonObject sent = messages("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"" + openAi
                + "\"}");
        assertThat(sent.getJsonObject("tool_choice").getString("type")).isEqualTo(anthropic);
    }

    @Test
    void parallelToolCallsOffMeansNothingWhenNoToolMayBeCalled() {
        // the Messages API takes disable_parallel_tool_use on auto, any and tool, and refuses it on none
        JsonObject sent = messages("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"tool_choice\":\"none\",\"parallel_tool_calls\":false}");
        assertThat(sent.getJsonObject("tool_choice").toString()).isEqualTo("{\"type\":\"none\"}");
    }

    @Test
    void theParticipantNameAndTheDefaultServiceTierChangeNothing() {
        JsonObject sent = messages(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"name\":\"bob\",\"content\":\"x\"}],"
                        + "\"service_tier\":\"auto\",\"metadata\":{\"k\":\"v\"},\"store\":false,\"modalities\":[\"text\"]}");
        assertThat(sent.getJsonArray("messages").toString())
                .isEqualTo("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}]");
        assertThat(sent.containsKey("service_tier")).isFalse();
        assertThat(sent.containsKey("metadata")).isFalse();
    }

    @Test
    void aNamedFunctionIsForcedAndAJsonSchemaBecomesAForcedTool() {
        JsonObject named = messages("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}}}");
        assertThat(named.getJsonObject("tool_choice").toString()).isEqualTo("{\"type\":\"tool\",\"name\":\"f\"}");

        TranslatedRequest schema = translate("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"city\","
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}}}}");
        JsonObject sent = Json.createReader(new ByteArrayInputStream(schema.messagesBody()))
                .readObject();
        assertThat(schema.responseFormatTool()).isEqualTo("city");
        assertThat(sent.getJsonArray("tools").getJsonObject(0).getString("name"))
                .isEqualTo("city");
        assertThat(sent.getJsonObject("tool_choice").toString()).isEqualTo("{\"type\":\"tool\",\"name\":\"city\"}");

        JsonObject object = messages("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"response_format\":{\"type\":\"json_object\"}}");
        assertThat(object.getJsonArray("system").getJsonObject(0).getString("text"))
                .contains("JSON object");
    }

    @Test
    void reasoningEffortBecomesAThinkingBudgetThatMaxTokensMustExceed() {
        JsonObject sent = messages("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"reasoning_effort\":\"medium\",\"max_completion_tokens\":8000}");
        assertThat(sent.getJsonObject("thinking").toString())
                .isEqualTo("{\"type\":\"enabled\",\"budget_tokens\":4096}");
        assertThat(sent.getInt("max_tokens")).isEqualTo(8000);
        // without a maximum, room for the answer on top of the budget
        assertThat(messages("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                                + "\"reasoning_effort\":\"high\"}")
                        .getInt("max_tokens"))
                .isEqualTo(16384 + 4096);
        assertRefused(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                        + "\"reasoning_effort\":\"high\",\"max_tokens\":1000}",
                "max_completion_tokens");
        assertRefused(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                        + "\"reasoning_effort\":\"extreme\"}",
                "reasoning_effort");
    }

    private void assertRefused(String json, String param) {
        assertThatThrownBy(() -> translate(json))
                .isInstanceOfSatisfying(OpenAiRequestException.class, refused -> assertThat(refused.param())
                        .isEqualTo(param));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":2}|n",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"logprobs\":true}|logprobs",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"frequency_penalty\":0.5}|frequency_penalty",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"logit_bias\":{\"50256\":-100}}|logit_bias",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"seed\":7}|seed",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"audio\":{}}|audio",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":1.5}|temperature",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":0}|max_tokens",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stop\":[1]}|stop",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":\"auto\"}|tool_choice",
                "{\"model\":\"m\",\"messages\":[]}|messages",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|model",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"function\",\"content\":\"x\"}]}|messages[0].role",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}]}|messages[0].content[0]",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"file:///etc/passwd\"}}]}]}|messages[0].content[0].image_url.url",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{oops\"}}]}]}|messages[0].tool_calls[0].function.arguments",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}|messages[0].tool_call_id",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"custom\"}]}|tools[0].type",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"response_format\":{\"type\":\"yaml\"}}|response_format.type",
                // wrong types are refused too, never read as "off"
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":\"3\"}|n",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"logprobs\":\"yes\"}|logprobs",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"store\":\"yes\"}|store",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"presence_penalty\":\"high\"}|presence_penalty",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"logit_bias\":[1]}|logit_bias",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"user\":5}|user",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"metadata\":\"m\"}|metadata",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"modalities\":\"text\"}|modalities",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"parallel_tool_calls\":\"no\"}|parallel_tool_calls",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":true,\"stream_options\":{\"include_usage\":\"yes\"}}|stream_options.include_usage",
                // as OpenAI answers: stream_options without a stream would be silently ignored
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream_options\":{\"include_usage\":true}}|stream_options",
                // flex and priority change price and latency at OpenAI; the Claude API has no such tiers
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"service_tier\":\"flex\"}|service_tier",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"name\":\"bob\",\"content\":\"x\",\"function_call\":{}}]}|messages[0].function_call",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"audio\":{\"id\":\"a\"}}]}|messages[0].audio"
            })
    void whatCannotBeMappedIsRefusedNamingTheParameter(String json, String param) {
        assertRefused(json, param);
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsRefused() {
        String ok = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        String tooDeep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        for (String body :
                new String[] {"", "not json", "[1]", "\"text\"", "{\"model\":", ok + " {}", ok + "x", tooDeep}) {
            assertThatThrownBy(() -> translate(body)).isInstanceOf(OpenAiRequestException.class);
        }
    }
}
