package dev.tollgate.journal.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.messages.control.Fixtures;
import dev.tollgate.messages.control.JsonDocuments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTypesTest {

    @Test
    void aRealClaudeCodeRequestIsInference() throws IOException {
        String recorded = Files.readString(Fixtures.path(Fixtures.CLAUDE_CODE_REQUEST), StandardCharsets.UTF_8);
        String body =
                JsonDocuments.parseObjectOrNull(recorded).getJsonObject("body").toString();

        assertThat(RequestTypes.classify("/v1/messages", body)).isEqualTo("inference");
        assertThat(RequestTypes.classify("/v1/messages?beta=true", body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("inference");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"quota\"}]}",
                "{\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"quota\"}]}]}",
                "{\"system\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}],"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"quota\"}]}",
            })
    void claudeCodesQuotaProbe(String body) {
        assertThat(RequestTypes.classify("/v1/messages", body)).isEqualTo("quota");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"messages\":[{\"role\":\"user\",\"content\":\"quota please\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Quota\"}]}",
                "{\"messages\":[{\"role\":\"assistant\",\"content\":\"quota\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"quota\"},{\"role\":\"user\",\"content\":\"quota\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\"},{\"type\":\"text\",\"text\":\"quota\"}]}]}",
            })
    void somethingLikeTheQuotaProbeIsNotIt(String body) {
        assertThat(RequestTypes.classify("/v1/messages", body)).isEqualTo("query_evaluation");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // the system field: a string counts one, an array its blocks; plus role "system" messages
                "{\"system\":\"You are Claude Code\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} | query_evaluation",
                "{\"system\":[{\"type\":\"text\",\"text\":\"a\"}],\"messages\":[]} | query_evaluation",
                "{\"system\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]} | inference",
                "{\"system\":\"a\",\"messages\":[{\"role\":\"system\",\"content\":\"b\"}]} | inference",
                "{\"messages\":[{\"role\":\"system\",\"content\":\"a\"},{\"role\":\"system\",\"content\":\"b\"}]} | inference",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"write a title\"}]} | query_evaluation",
                "{} | query_evaluation",
            })
    void systemMessagesTellInferenceFromQueryEvaluation(String body, String type) {
        assertThat(RequestTypes.classify("/v1/messages", body)).isEqualTo(type);
    }

    @ParameterizedTest
    @CsvSource({
        "/v1/messages/count_tokens, count_tokens",
        "/v1/messages/count_tokens?beta=true, count_tokens",
        "/v1/models, models",
        "/v1/models?limit=20, models",
        "/v1/models/claude-sonnet-4-5, models",
        "/v1/messages/, query_evaluation",
        // the OpenAI-compatible endpoint journals the Messages request it sent upstream
        "/openai/v1/chat/completions, query_evaluation",
        "/v1/chat/completions, query_evaluation",
        "/openai/v1/models, models",
        "/openai/v1/models/claude-sonnet-4-5, models",
    })
    void otherEndpointsByTheirPath(String path, String type) {
        assertThat(RequestTypes.classify(path, "{}")).isEqualTo(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/v1/complete", "/openai/v1/embeddings", "", "/v1/messagesx"})
    void otherPathsHaveNoType(String path) {
        assertThat(RequestTypes.classify(path, "{}")).isNull();
        assertThat(RequestTypes.classify(null, "{}")).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[1,2,3]",
                "{\"messages\":\"quota\"}",
                "{\"messages\":[null,1,\"x\"],\"system\":42}",
                "{\"messages\":[{\"role\":7,\"content\":{\"text\":\"quota\"}}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":[null]}]}",
                "{\"system\":[1,2],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} trailing",
            })
    void garbageIsAQueryEvaluationNeverAnException(String body) {
        assertThat(RequestTypes.classify("/v1/messages", body)).isEqualTo("query_evaluation");
        assertThat(RequestTypes.classify("/v1/messages", (byte[]) null)).isEqualTo("query_evaluation");
        assertThat(RequestTypes.classify("/v1/messages", new byte[] {(byte) 0xff, (byte) 0xfe, '{'}))
                .isEqualTo("query_evaluation");
    }

    @Test
    void deeplyNestedJsonIsGarbageToo() {
        String deep = "{\"messages\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

        assertThat(RequestTypes.classify("/v1/messages", deep)).isEqualTo("query_evaluation");
    }
}
