"use client";

import { ApiError } from "./api";

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * POSTs a body with upload progress (fetch cannot report it; XMLHttpRequest can), resolving with
 * the JSON answer or rejecting with the server's {@link ApiError}.
 */
export function uploadWithProgress<T>(
  url: string,
  body: Blob,
  contentType: string,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Content-Type", contentType);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) =>
      onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : body.size });
    xhr.onerror = () =>
      reject(new ApiError(0, "Network error: the upload did not reach the server"));
    xhr.onabort = () => reject(new ApiError(0, "Upload cancelled"));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else {
        const b = (data ?? {}) as { error?: string; code?: string };
        reject(new ApiError(xhr.status, b.error ?? `Upload failed (${xhr.status})`, b.code));
      }
    };
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(body);
  });
}
