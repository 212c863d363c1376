import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import type { LiveData } from '../../hooks';
import { isNotAllowedError, NotAllowedPanel } from '../NotAllowedPanel';

/**
 * A live view's states, each real: progress until the first answer, the permission
 * panel for a 403, the error panel for any other failure (above the last value, which
 * stays on screen), and the value.
 */
export function LiveDataView<T>(props: {
  data: LiveData<T>;
  /** Named in the permission panel; without it a 403 shows as any other error. */
  entityRef?: string;
  children: (value: T) => JSX.Element;
}) {
  const { data, entityRef, children } = props;
  if (entityRef && data.error && isNotAllowedError(data.error)) {
    return <NotAllowedPanel entityRef={entityRef} />;
  }
  return (
    <>
      {data.loading && <Progress />}
      {data.error && <ResponseErrorPanel error={data.error} />}
      {data.value !== undefined && children(data.value)}
    </>
  );
}
