package dev.mfp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetCodeTest {
    @Test
    void categoryHeadingsAreNeverCodes() {
        for (RetCode c : RetCode.values()) {
            if (c != RetCode.OK) {
                assertThat(c.code() % 100).as(c.name()).isNotZero();
                assertThat(c.code() >= 40000 && c.code() <= 59999).isFalse();
            }
        }
    }

    @Test
    void messagesFollowTheNameDetailConvention() {
        assertThat(RetCode.ITS_A_DIRECTORY.message(null)).isEqualTo("It's A Directory");
        assertThat(RetCode.FILE_ACCESS_FAILED.message("path is outside the daemon root"))
                .isEqualTo("File Access Failed: path is outside the daemon root");
        assertThat(RetCode.BAD_PARAM.message("Bad Param")).isEqualTo("Bad Param");
        assertThat(new ActionError(RetCode.INSTANCE_NOT_FOUND, "x").wireMessage()).isEqualTo("Instance Not Found: x");
    }

    @Test
    void lookupByCode() {
        assertThat(RetCode.ofCode(21006)).isEqualTo(RetCode.FILE_ACCESS_FAILED);
        assertThat(RetCode.ofCode(21000)).isNull();
    }

    @Test
    void aliasesResolve() {
        assertThat(Action.fromWire("get_instance_status")).isEqualTo(Action.GET_INSTANCE_REPORT);
        assertThat(Action.fromWire("get_all_status")).isEqualTo(Action.GET_ALL_REPORTS);
        assertThat(Action.fromWire("file_download_chunk")).isEqualTo(Action.FILE_DOWNLOAD_RANGE);
        assertThat(Action.fromWire("Ping")).isNull();
        assertThat(Action.values()).hasSize(37); // the 36 of actions.md + file_upload_status (extensions.md §6)
    }
}
