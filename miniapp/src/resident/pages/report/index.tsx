import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  checkReportAgainstForm,
  URGENCIES,
  URGENCY_LABELS,
  type FormField,
  type FormSettings,
  type Urgency,
} from '@smart-repair/shared';
import { useMemo, useState, type ReactNode } from 'react';
import { ChoiceChips } from '../../../components/ChoiceChips';
import { LocationPicker } from '../../../components/LocationPicker';
import { MediaPicker, type UploadedMedia } from '../../../components/MediaPicker';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../components/ui';
import { useAction } from '../../../hooks/use-action';
import { useResource } from '../../../hooks/use-resource';
import { useSubscribeConsent } from '../../../hooks/use-subscribe-consent';
import { platform } from '../../../platform';
import { listCategories, locationTree } from '../../../services/catalog';
import { reportForm } from '../../../services/settings';
import { ticketsApi } from '../../../services/tickets';
import { sessionStore } from '../../../stores/session';
import { appointmentWindows, parseReportCode } from '../../../utils/report-code';
import './index.scss';

const NO_APPOINTMENT = 'none';

function Field({
  form,
  field,
  label,
  children,
}: {
  form: FormSettings;
  field: FormField;
  label: string;
  children: ReactNode;
}) {
  if (!form[field].show) return null;
  return (
    <View className="report__field" data-testid={`field-${field}`}>
      <Text className="report__label">
        {label}
        {form[field].required && <Text className="report__required"> *</Text>}
      </Text>
      {children}
    </View>
  );
}

/**
 * The report form (F1.2), drawn from the community's form settings (F1.7). A QR code scanned here,
 * or a link carrying locationId and categoryId, fills in the place and the category (F1.3).
 */
export default function Report() {
  const { params } = useRouter();
  const session = sessionStore.get();
  const communityId = params.communityId ?? session?.communityId ?? '';
  const setup = useResource(async () => {
    const [form, tree, categories] = await Promise.all([
      reportForm(communityId),
      locationTree(communityId),
      listCategories(communityId),
    ]);
    return { form, tree, categories };
  }, [communityId]);

  const [locationId, setLocationId] = useState(params.locationId);
  const [categoryId, setCategoryId] = useState(params.categoryId);
  const [description, setDescription] = useState('');
  const [contactName, setContactName] = useState(session?.user.name ?? '');
  const [contactPhone, setContactPhone] = useState(session?.user.phone ?? '');
  const [windowValue, setWindowValue] = useState(NO_APPOINTMENT);
  const [urgency, setUrgency] = useState<Urgency>('normal');
  const [media, setMedia] = useState<UploadedMedia[]>([]);
  const [problems, setProblems] = useState<FormField[]>([]);
  const { busy, run } = useAction();
  const askConsent = useSubscribeConsent();
  const windows = useMemo(() => appointmentWindows(new Date()), []);

  const scan = () =>
    run(async () => {
      const code = parseReportCode(await platform.scanCode());
      if (code.locationId) setLocationId(code.locationId);
      if (code.categoryId) setCategoryId(code.categoryId);
    });

  const submit = async () => {
    if (!setup.data) return;
    const { form } = setup.data;
    const chosenWindow = windows.find((window) => window.value === windowValue);
    const show = (field: FormField) => form[field].show;
    const input = {
      communityId,
      locationId: locationId ?? '',
      categoryId: categoryId ?? '',
      description: show('description') ? description.trim() : undefined,
      contactName: show('contactName') ? contactName.trim() : undefined,
      contactPhone: show('contactPhone') ? contactPhone.trim() : undefined,
      appointmentStart: show('appointment') ? chosenWindow?.start : undefined,
      appointmentEnd: show('appointment') ? chosenWindow?.end : undefined,
      urgency: show('urgency') ? urgency : undefined,
      attachmentIds: media.map((item) => item.id),
    };
    const { missing } = checkReportAgainstForm(form, {
      contactName: Boolean(input.contactName),
      contactPhone: Boolean(input.contactPhone),
      location: input.locationId !== '',
      category: input.categoryId !== '',
      description: Boolean(input.description),
      appointment: input.appointmentStart !== undefined,
      urgency: input.urgency !== undefined,
      images: media.some((item) => item.kind === 'image'),
      video: media.some((item) => item.kind === 'video'),
      voice: media.some((item) => item.kind === 'audio'),
    });
    setProblems(missing);
    if (missing.length > 0) {
      void Taro.showToast({ title: '请填写所有必填项', icon: 'none' });
      return;
    }
    // WeChat asks for consent only inside the tap: the progress messages this report will bring.
    await askConsent();
    const result = await run(
      () =>
        ticketsApi.report({
          ...input,
          contactName: input.contactName || undefined,
          contactPhone: input.contactPhone || undefined,
          description: input.description || undefined,
        }),
      '报修成功',
    );
    if (result) await Taro.redirectTo({ url: `/resident/pages/ticket/index?id=${result.ticket.id}` });
  };

  return (
    <View className="report" data-testid="report">
      <StateView loading={setup.loading} error={setup.error} onRetry={setup.reload}>
        {setup.data && (
          <>
            {platform.capabilities.scan && (
              <View className="report__scan">
                <Button fill="outline" type="primary" block onClick={scan} data-testid="scan">
                  扫码报修（自动填写位置和类别）
                </Button>
              </View>
            )}
            <View className="report__card">
              <Field form={setup.data.form} field="location" label="报修位置">
                <LocationPicker
                  tree={setup.data.tree}
                  value={locationId}
                  onChange={(id) => setLocationId(id)}
                />
              </Field>
              <Field form={setup.data.form} field="category" label="报修类别">
                <ChoiceChips
                  choices={setup.data.categories.map((category) => ({
                    value: category.id,
                    label: category.name,
                  }))}
                  value={categoryId}
                  onChange={setCategoryId}
                  testId="category"
                />
              </Field>
              <Field form={setup.data.form} field="description" label="问题描述">
                <Textarea
                  className="report__textarea"
                  value={description}
                  maxlength={1000}
                  placeholder="请描述故障情况"
                  data-testid="description"
                  onInput={(event) => setDescription(event.detail.value)}
                />
              </Field>
              <Field form={setup.data.form} field="images" label="照片">
                <MediaPicker
                  communityId={communityId}
                  value={media}
                  onChange={setMedia}
                  video={setup.data.form.video.show}
                  voice={setup.data.form.voice.show}
                  testId="photos"
                />
              </Field>
              <Field form={setup.data.form} field="urgency" label="紧急程度">
                <ChoiceChips
                  choices={URGENCIES.map((value) => ({ value, label: URGENCY_LABELS[value] }))}
                  value={urgency}
                  onChange={setUrgency}
                  testId="urgency"
                />
              </Field>
              <Field form={setup.data.form} field="appointment" label="预约上门时间">
                <ChoiceChips
                  choices={[
                    { value: NO_APPOINTMENT, label: '尽快上门' },
                    ...windows.map(({ value, label }) => ({ value, label })),
                  ]}
                  value={windowValue}
                  onChange={setWindowValue}
                  testId="appointment"
                />
              </Field>
              <Field form={setup.data.form} field="contactName" label="联系人">
                <Input
                  className="report__input"
                  value={contactName}
                  data-testid="contact-name"
                  onInput={(event) => setContactName(event.detail.value)}
                />
              </Field>
              <Field form={setup.data.form} field="contactPhone" label="联系电话">
                <Input
                  className="report__input"
                  type="number"
                  maxlength={11}
                  value={contactPhone}
                  data-testid="contact-phone"
                  onInput={(event) => setContactPhone(event.detail.value)}
                />
              </Field>
              {problems.length > 0 && (
                <Text className="report__problems" data-testid="form-problems">
                  还有必填项没有填写
                </Text>
              )}
            </View>
            <View className="report__submit">
              <Button
                type="primary"
                block
                loading={busy}
                onClick={() => void submit()}
                data-testid="report-submit"
              >
                提交报修
              </Button>
            </View>
          </>
        )}
      </StateView>
    </View>
  );
}
