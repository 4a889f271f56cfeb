// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { MemberSelect } from "./member-select";

afterEach(cleanup);

const ada = { id: "u1", name: "Ada" };

describe("MemberSelect", () => {
  it("shows the current holder before the team has loaded, so a save keeps them", () => {
    render(
      <MemberSelect id="c" name="commanderId" members={undefined} current={ada} none="Nobody" />,
    );
    const select = screen.getByRole<HTMLSelectElement>("combobox");
    expect(select.value).toBe("u1");
    expect([...select.options].map((o) => o.text)).toEqual(["Nobody", "Ada"]);
  });

  it("lists the team with nobody first, the current holder chosen", () => {
    render(
      <MemberSelect
        id="s"
        name="scribeId"
        members={[
          { userId: "u1", name: "Ada" },
          { userId: "u2", name: "Grace" },
        ]}
        current={null}
        none="Nobody"
      />,
    );
    const select = screen.getByRole<HTMLSelectElement>("combobox");
    expect(select.value).toBe("");
    expect([...select.options].map((o) => o.value)).toEqual(["", "u1", "u2"]);
  });
});
