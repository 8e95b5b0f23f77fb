import { Button, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { formatDateTime } from '../../i18n/format';
import { type TipDetail, useMessageReporter } from './tips.api';

/**
 * The conversation with the (anonymous) reporter, who reads and answers through their receipt code on
 * the public portal. Staff never learn who the reporter is from this thread.
 */
export function TipMessages({ tip, canSend }: { tip: TipDetail; canSend: boolean }) {
  const { t, i18n } = useTranslation();
  const send = useMessageReporter(tip.id);
  const [body, setBody] = useState('');
  const [empty, setEmpty] = useState(false);
  const server = fieldErrors(t, send.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setEmpty(true);
      return;
    }
    send.mutate({ body: body.trim() }, { onSuccess: () => setBody('') });
  };

  return (
    <section aria-labelledby="tip-messages">
      <Title order={2} id="tip-messages" size="h3" mb="sm">
        {t('tips.messages.title')}
      </Title>
      {!tip.hasReceipt && (
        <Text size="sm" c="dimmed" mb="sm">
          {t('tips.messages.noReceipt')}
        </Text>
      )}
      <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {tip.messages.map((message) => (
          <Paper
            key={message.id}
            component="li"
            withBorder
            p="sm"
            ml={message.direction === 'to_reporter' ? 'xl' : 0}
            mr={message.direction === 'from_reporter' ? 'xl' : 0}
          >
            <Text size="xs" c="dimmed">
              {message.direction === 'to_reporter'
                ? t('tips.messages.toReporter')
                : t('tips.messages.fromReporter')}{' '}
              · <time dateTime={message.at}>{formatDateTime(message.at, i18n.resolvedLanguage)}</time>
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {message.body}
            </Text>
          </Paper>
        ))}
      </Stack>
      {tip.messages.length === 0 && <Text size="sm">{t('tips.messages.none')}</Text>}
      {canSend && tip.hasReceipt && (
        <form onSubmit={submit} noValidate>
          <Stack gap="xs" mt="sm">
            <LiveAlert message={send.isError ? errorMessage(t, send.error) : null} />
            <Textarea
              label={t('tips.messages.compose')}
              autosize
              minRows={2}
              maxLength={4000}
              value={body}
              onChange={(event) => {
                setBody(event.currentTarget.value);
                setEmpty(false);
              }}
              error={empty ? t('tips.messages.empty') : server('body')}
            />
            <Button type="submit" loading={send.isPending} w="fit-content">
              {t('tips.messages.send')}
            </Button>
          </Stack>
        </form>
      )}
    </section>
  );
}
