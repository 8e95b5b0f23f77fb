import { Alert, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { useRevealReporterContact } from './tips.api';

/**
 * The reporter's contact stays hidden until asked for: each reveal is a separate request that the
 * server records in the audit log, and the page says so before the click.
 */
export function ReporterContact({ tipId, preloaded }: { tipId: string; preloaded: string | null }) {
  const { t } = useTranslation();
  const reveal = useRevealReporterContact(tipId);
  const contact = preloaded ?? reveal.data?.reporterContact ?? null;
  return (
    <Stack gap="xs">
      <LiveAlert message={reveal.isError ? errorMessage(t, reveal.error) : null} />
      {contact !== null || reveal.isSuccess ? (
        <Alert color="orange" variant="light" title={t('tips.contact.title')}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {contact ?? t('tips.contact.none')}
          </Text>
          <Text size="xs" mt={4}>
            {t('tips.contact.confidential')}
          </Text>
        </Alert>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t('tips.contact.auditNote')}
          </Text>
          <Button
            variant="default"
            loading={reveal.isPending}
            onClick={() => reveal.mutate()}
            w="fit-content"
          >
            {t('tips.contact.show')}
          </Button>
        </>
      )}
    </Stack>
  );
}
