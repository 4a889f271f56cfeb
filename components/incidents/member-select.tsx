import { Select } from "@/components/ui/field";

/**
 * A team member to pick for a role (commander, scribe), or nobody. The current holder is an
 * option even before the team list has loaded, so the select shows them and a save in that
 * moment keeps them instead of clearing the role.
 */
export function MemberSelect({
  id,
  name,
  members,
  current,
  none,
}: {
  id: string;
  name: string;
  members: readonly { userId: string; name: string }[] | undefined;
  current: { id: string; name: string } | null | undefined;
  /** The label of "nobody". */
  none: string;
}) {
  const list = members ?? (current ? [{ userId: current.id, name: current.name }] : []);
  return (
    <Select id={id} name={name} defaultValue={current?.id ?? ""}>
      <option value="">{none}</option>
      {list.map((m) => (
        <option key={m.userId} value={m.userId}>
          {m.name}
        </option>
      ))}
    </Select>
  );
}
