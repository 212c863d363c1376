import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { netsealApiRef } from '../../api';

/** Saves JSON text as a file, as a browser download. */
export function saveFile(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/**
 * The signed attestation of a completed rollout or restore, saved as a file to check
 * offline with `netseal attest verify FILE --key PUBLIC_KEY`. The backend's answer needs
 * the user's token, so it is fetched and saved rather than linked; when there is none
 * (no signing key configured), the backend's reason is shown.
 */
export function AttestationDownload(props: { id: string }) {
  const api = useApi(netsealApiRef);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const attestation = await api.getAttestation(props.id);
      saveFile(
        `netseal-attestation-${props.id}.json`,
        `${JSON.stringify(attestation, null, 2)}\n`,
        'application/json',
      );
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box my={1}>
      <Button
        size="small"
        variant="outlined"
        onClick={download}
        disabled={busy}
      >
        Download signed attestation
      </Button>
      {problem && (
        <Typography variant="body2" color="textSecondary" role="status">
          {problem}
        </Typography>
      )}
    </Box>
  );
}
