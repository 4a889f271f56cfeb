"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/client/api";

/** Deletes a runbook after a second click (it and its versions go; the audit log keeps a note). */
export function DeleteRunbook({ id, title }: { id: string; title: string }) {
  const router = useRouter();
  const [confirm, setConfirm] = useState(false);
  const del = useMutation({
    mutationFn: () => api<undefined>(`/api/runbooks/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      router.push("/runbooks");
      router.refresh();
    },
  });
  if (!confirm)
    return (
      <Button size="sm" variant="ghost" onClick={() => setConfirm(true)}>
        Delete
      </Button>
    );
  return (
    <span className="flex items-center gap-2 text-sm">
      Delete “{title}” and all its versions?
      <Button size="sm" variant="danger" disabled={del.isPending} onClick={() => del.mutate()}>
        Yes, delete
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setConfirm(false)}>
        Keep it
      </Button>
      {del.error ? (
        <span role="alert" className="text-danger">
          {del.error.message}
        </span>
      ) : null}
    </span>
  );
}
