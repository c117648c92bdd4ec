import { decrypt as wecomDecrypt } from "@wecom/crypto";
import { describe, expect, it } from "vitest";
import { fixedRandom, tamperPadding } from "../__fixtures__/test-kit";
import { wxDecrypt, wxEncrypt, wxSignature } from "./wx-aes";

// Official vectors from integrations.md (DingTalk DingCallbackCrypto sample, WeCom WXBizMsgCrypt sample).
const ding = {
  token: "mryue",
  aesKey: "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7",
  owner: "ding6ccabc44d2c8d38b",
  timestamp: "1608001896814",
  nonce: "WL4PK6yA",
  encrypt:
    "0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3",
};
const wecom = {
  token: "QDG6eK",
  aesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
  corpId: "wx5823bf96d3bd56c7",
  timestamp: "1409659589",
  nonce: "263014780",
  echostr: "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
};

describe("wx-aes (WXBizMsgCrypt layout)", () => {
  it("reproduces the DingTalk signature and plaintext vector", () => {
    expect(wxSignature(ding.token, ding.timestamp, ding.nonce, ding.encrypt)).toBe("03044561471240d4a14bb09372dfcfd4fd0e40cb");
    expect(wxDecrypt(ding.aesKey, ding.encrypt)).toEqual({
      ok: true,
      value: { message: '{"EventType":"check_url"}', receiverId: "ding6ccabc44d2c8d38b" },
    });
  });

  it("reproduces the WeCom msg_signature and echostr vector", () => {
    expect(wxSignature(wecom.token, wecom.timestamp, wecom.nonce, wecom.echostr)).toBe("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3");
    expect(wxDecrypt(wecom.aesKey, wecom.echostr)).toEqual({
      ok: true,
      value: { message: "1616140317555161061", receiverId: "wx5823bf96d3bd56c7" },
    });
  });

  it("agrees with WeCom's own decrypt on the vector", () => {
    const theirs = wecomDecrypt(wecom.aesKey, wecom.echostr);
    expect(wxDecrypt(wecom.aesKey, wecom.echostr)).toEqual({ ok: true, value: { message: theirs.message, receiverId: theirs.id } });
  });

  it("round-trips a UTF-8 message with the same layout", () => {
    const encrypted = wxEncrypt(ding.aesKey, '{"title":"会计凭证归档"}', "dingcorp", fixedRandom);
    expect(Buffer.from(encrypted, "base64").length % 32).toBe(0);
    expect(wxDecrypt(ding.aesKey, encrypted)).toEqual({
      ok: true,
      value: { message: '{"title":"会计凭证归档"}', receiverId: "dingcorp" },
    });
  });

  it("reports broken padding, odd lengths and empty input as oa.decrypt_failed", () => {
    const failed = { ok: false, error: { code: "oa.decrypt_failed" } };
    expect(wxDecrypt(ding.aesKey, tamperPadding(ding.encrypt))).toEqual(failed);
    expect(wxDecrypt(ding.aesKey, ding.encrypt.slice(0, 20))).toEqual(failed);
    expect(wxDecrypt(ding.aesKey, "")).toEqual(failed);
    expect(wxDecrypt(wecom.aesKey, ding.encrypt)).toEqual(failed);
  });
});
